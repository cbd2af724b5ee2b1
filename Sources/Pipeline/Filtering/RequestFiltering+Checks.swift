/// The checks of request filtering: the method, the sizes (URL, query, body), then the canonical
/// path's content (docs/security.md has the order and the answers).
extension RequestFiltering {
    /// Methods every pipeline recognises: HTTP (RFC 9110, PATCH) and WebDAV (RFC 4918). Others get
    /// 501 unless a handler mapping or `verbs` names them.
    public static let standardMethods: Set<String> = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH",
        "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH",
    ]

    /// Methods named with `allowed="true"` in `verbs`: recognised like the standard ones.
    var allowedListedMethods: [String] { verbs.entries.filter(\.allowed).map(\.name) }

    /// The first reason to refuse `request` as it entered the pipeline, if any.
    func refusal(for request: HttpRequest, recognizedMethods: Set<String>) -> RequestRefusal? {
        if request.method == "CONNECT" { return .connect }
        guard recognizedMethods.contains(request.method) else { return .unknownMethod(request.method) }
        guard verbs.allows(request.method) else { return .verbDenied(request.method) }
        let rawPath = PercentEncoding.split(target: request.originalTarget).path
        if rawPath.utf8.count > maxURL { return .urlTooLong(length: rawPath.utf8.count, limit: maxURL) }
        if request.query.utf8.count > maxQueryString {
            return .queryStringTooLong(length: request.query.utf8.count, limit: maxQueryString)
        }
        let length = max(request.body.count, request.headers["Content-Length"].flatMap { Int($0) } ?? 0)
        if length > maxAllowedContentLength { return .contentTooLong(length: length, limit: maxAllowedContentLength) }
        if length > maxRequestEntityAllowed { return .entityTooLarge(length: length, limit: maxRequestEntityAllowed) }
        if let refusal = urlRefusal(for: request.canonicalPath, rawPath: rawPath, method: request.method) { return refusal }
        return hasExtras ? extraRefusal(for: request, rawPath: rawPath) : nil
    }

    /// The URL checks, run again whenever a filter or module changes the URL.
    func urlRefusal(for path: CanonicalPath, rawPath: Substring, method: String) -> RequestRefusal? {
        if path.isDoubleEscaped && !allowDoubleEscaping { return .doubleEscaped }
        if path.hasHighBitCharacters && !allowHighBitCharacters { return .highBitCharacters }
        if !denyURLSequences.isEmpty, alwaysAllowedURLs.isEmpty || !isAlwaysAllowed(path, rawPath: rawPath) {
            let decoded = path.decoded.lowercased(), raw = rawPath.lowercased()
            for sequence in denyURLSequences {
                let wanted = sequence.lowercased()
                if decoded.contains(wanted) || raw.contains(wanted) { return .deniedSequence(sequence) }
            }
        }
        let webDAV = (!hiddenSegmentsApplyToWebDAV || !fileExtensionsApplyToWebDAV) && Self.webDAVMethods.contains(method)
        let checksExtensions = (!fileExtensions.allowUnlisted || !fileExtensions.entries.isEmpty) && !(webDAV && !fileExtensionsApplyToWebDAV)
        let checksHidden = !hiddenSegments.isEmpty && !(webDAV && !hiddenSegmentsApplyToWebDAV)
        guard checksExtensions || checksHidden else { return nil }
        let segments = path.decoded.split(separator: "/")
        for segment in segments {
            if checksHidden, let hidden = hiddenSegments.first(where: { $0.caseInsensitiveEquals(segment) }) {
                return .hiddenSegment(hidden)
            }
            // A denied extension is denied on any segment (`/db.mdb/x` too); what is not listed is
            // judged on the last segment only, where "." stands for "no extension".
            if checksExtensions, let ext = Self.fileExtension(segment),
               fileExtensions.entries.contains(where: { $0.name == ext && !$0.allowed }) {
                return .fileExtensionDenied(ext)
            }
        }
        if checksExtensions {
            let ext = segments.last.flatMap(Self.fileExtension) ?? "."
            if !fileExtensions.allows(ext) { return .fileExtensionDenied(ext) }
        }
        return nil
    }
}

extension RequestFiltering {
    /// `.html` for `index.HTML`; nil without a dot.
    static func fileExtension(_ segment: Substring) -> String? {
        segment.lastIndex(of: ".").map { segment[$0...].lowercased() }
    }
}

extension String {
    func caseInsensitiveEquals(_ other: Substring) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
