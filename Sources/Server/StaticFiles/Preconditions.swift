import Pipeline

/// The conditional headers of a request for a file, evaluated in RFC 9110 §13.2.2's order:
/// `If-Match`, else `If-Unmodified-Since` (412 when false); then `If-None-Match`, else
/// `If-Modified-Since` (304 when false, GET and HEAD being the only methods served).
/// A date that does not parse is ignored, as the RFC says.
enum Preconditions {
    enum Outcome: Equatable {
        case proceed
        case notModified
        case failed
    }

    static func evaluate(_ headers: HeaderList, _ file: CachedFile) -> Outcome {
        evaluate(headers, etag: file.etag, modified: file.modified, lastModified: file.lastModified)
    }

    /// `lastModified`: the file's `Last-Modified` as sent. A date header equal to it (what a client
    /// echoes back) is that second without parsing it.
    static func evaluate(_ headers: HeaderList, etag: String, modified: Int, lastModified: String = "") -> Outcome {
        // No conditional header (the usual request): one pass over the headers, no lookup per name.
        guard headers.contains(where: { isConditional($0.name) }) else { return .proceed }
        if let match = headers["If-Match"] {
            if !EntityTag.list(match, matches: etag, weak: false) { return .failed }
        } else if let since = headers["If-Unmodified-Since"].flatMap({ seconds($0, modified, lastModified) }), modified > since {
            return .failed
        }
        if let noneMatch = headers["If-None-Match"] {
            if EntityTag.list(noneMatch, matches: etag, weak: true) { return .notModified }
        } else if let since = headers["If-Modified-Since"].flatMap({ seconds($0, modified, lastModified) }), modified <= since {
            return .notModified
        }
        return .proceed
    }

    /// `If-Range`: whether the range may be sent (else the whole file). An entity tag must match
    /// strongly; a date must be the file's `Last-Modified` exactly.
    static func rangeApplies(_ headers: HeaderList, _ file: CachedFile) -> Bool {
        guard let ifRange = headers["If-Range"] else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") { return ifRange == file.etag }
        return ifRange == file.lastModified || HTTPDate.parse(ifRange) == file.modified
    }

    private static func seconds(_ date: String, _ modified: Int, _ lastModified: String) -> Int? {
        !lastModified.isEmpty && date == lastModified ? modified : HTTPDate.parse(date)
    }

    /// `If-Match`, `If-None-Match`, `If-Modified-Since`, `If-Unmodified-Since` (and `If-Range`),
    /// any case: every one starts with "if-".
    private static func isConditional(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            bytes.count > 3 && bytes[0] | 0x20 == UInt8(ascii: "i") && bytes[1] | 0x20 == UInt8(ascii: "f")
                && bytes[2] == UInt8(ascii: "-")
        }
    }
}
