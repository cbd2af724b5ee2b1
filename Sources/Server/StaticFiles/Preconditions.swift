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

    static func evaluate(_ headers: HeaderList, etag: String, modified: Int) -> Outcome {
        if let match = headers["If-Match"] {
            if !EntityTag.list(match, matches: etag, weak: false) { return .failed }
        } else if let since = headers["If-Unmodified-Since"].flatMap(HTTPDate.parse), modified > since {
            return .failed
        }
        if let noneMatch = headers["If-None-Match"] {
            if EntityTag.list(noneMatch, matches: etag, weak: true) { return .notModified }
        } else if let since = headers["If-Modified-Since"].flatMap(HTTPDate.parse), modified <= since {
            return .notModified
        }
        return .proceed
    }

    /// `If-Range`: whether the range may be sent (else the whole file). An entity tag must match
    /// strongly; a date must be the file's `Last-Modified` exactly.
    static func rangeApplies(_ headers: HeaderList, etag: String, modified: Int) -> Bool {
        guard let ifRange = headers["If-Range"] else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") { return ifRange == etag }
        return HTTPDate.parse(ifRange) == modified
    }
}
