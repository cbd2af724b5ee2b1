/// What mod_rewrite does with a substitution once built: query splitting, qualification of
/// redirects, self-reduction of `http://thishost/...`, and the final escaping (mod_rewrite.c
/// `splitout_queryargs`, `fully_qualify_uri`, `reduce_uri`, `hook_uri2file`).
extension RewriteEvaluator {
    /// `splitout_queryargs`: a `?` in the new URL replaces the query (or, with `[QSA]`, goes in
    /// front of it); `[QSD]` drops the original; `[QSL]` splits at the last `?`. True when the
    /// new URL had a query to split off.
    @discardableResult
    func splitQuery(_ flags: RuleFlags) -> Bool {
        let scheme = subject.withUnsafeBufferPointer { URLCoding.apacheSchemeLength($0) }
        if scheme.length > 0 && !scheme.queryAllowed {
            hasQuery = false
            query.removeAll(keepingCapacity: true)
            return false
        }
        if flags.contains(.queryDiscard) {
            hasQuery = false
            query.removeAll(keepingCapacity: true)
        }
        let mark = flags.contains(.queryLast) ? subject.lastIndex(of: UInt8(ascii: "?")) : subject.firstIndex(of: UInt8(ascii: "?"))
        guard let mark else { return false }
        let newQueryStart = mark + 1
        if flags.contains(.queryAppend) {
            if newQueryStart < subject.count {
                var combined = borrow()
                combined.append(contentsOf: subject[newQueryStart...])
                combined.append(UInt8(ascii: "&"))
                if hasQuery { combined.append(contentsOf: query) }
                swap(&query, &combined)
                recycle(combined)
                hasQuery = true
            }
        } else {
            query.removeAll(keepingCapacity: true)
            query.append(contentsOf: subject[newQueryStart...])
            hasQuery = true
        }
        subject.removeSubrange(mark...)
        if hasQuery {
            if query.isEmpty {
                hasQuery = false
            } else if query.last == UInt8(ascii: "&") {
                query.removeLast()
            }
        }
        return true
    }

    /// This server as a URL prefix: scheme, the Host header's name (or SERVER_NAME), and the port
    /// unless it is the scheme's default (httpd with `UseCanonicalName Off`).
    func appendServerPrefix<Environment: RewriteEnvironment>(to buffer: inout [UInt8], environment: Environment) {
        let https = Self.isHTTPS(environment)
        let (host, port) = Self.serverAuthority(environment)
        appendUTF8(https ? "https://" : "http://", to: &buffer)
        appendUTF8(host, to: &buffer)
        if port != (https ? 443 : 80) {
            buffer.append(UInt8(ascii: ":"))
            appendUTF8(String(port), to: &buffer)
        }
    }

    static func serverAuthority<Environment: RewriteEnvironment>(_ environment: Environment) -> (host: String, port: Int) {
        let https = isHTTPS(environment)
        let localPort = environment.serverVariable("SERVER_PORT").flatMap { Int($0) } ?? (https ? 443 : 80)
        // httpd lower-cases the request's host name (`fix_hostname`).
        guard let hostHeader = environment.requestHeader("Host:")?.lowercased(), !hostHeader.isEmpty else {
            return (environment.serverVariable("SERVER_NAME") ?? "localhost", localPort)
        }
        if hostHeader.hasPrefix("["), let close = hostHeader.firstIndex(of: "]") {
            let rest = hostHeader[hostHeader.index(after: close)...]
            let port = rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil
            return (String(hostHeader[...close]), port ?? localPort)
        }
        if let colon = hostHeader.lastIndex(of: ":") {
            return (String(hostHeader[..<colon]), Int(hostHeader[hostHeader.index(after: colon)...]) ?? localPort)
        }
        return (hostHeader, localPort)
    }

    /// `fully_qualify_uri`: a path becomes `scheme://host[:port]/path`.
    func qualify<Environment: RewriteEnvironment>(environment: Environment) {
        guard subject.withUnsafeBufferPointer({ URLCoding.apacheSchemeLength($0).length }) == 0 else { return }
        var qualified = borrow()
        appendServerPrefix(to: &qualified, environment: environment)
        if subject.first != UInt8(ascii: "/") { qualified.append(UInt8(ascii: "/")) }
        qualified.append(contentsOf: subject)
        swap(&subject, &qualified)
        recycle(qualified)
    }

    /// `reduce_uri`: `http(s)://thishost[:port]/path` (this request's scheme) becomes `/path`.
    func reduce<Environment: RewriteEnvironment>(environment: Environment) {
        let https = Self.isHTTPS(environment)
        let prefix: [UInt8] = Array((https ? "https://" : "http://").utf8)
        guard subject.count > prefix.count, startsCaseInsensitively(subject, with: prefix) else { return }
        var index = prefix.count
        let hostStart = index
        while index < subject.count, subject[index] != UInt8(ascii: "/"), subject[index] != UInt8(ascii: ":") { index += 1 }
        let host = String(decoding: subject[hostStart..<index], as: UTF8.self)
        var port = https ? 443 : 80
        if index < subject.count, subject[index] == UInt8(ascii: ":") {
            let portStart = index + 1
            index = portStart
            while index < subject.count, subject[index] != UInt8(ascii: "/") { index += 1 }
            port = Int(String(decoding: subject[portStart..<index], as: UTF8.self)) ?? 0
        }
        let server = Self.serverAuthority(environment)
        let names = [server.host, environment.serverVariable("SERVER_NAME") ?? ""].map { $0.lowercased() }
        guard names.contains(host.lowercased()), port == server.port else { return }
        if index >= subject.count {
            subject.removeAll(keepingCapacity: true)
            subject.append(UInt8(ascii: "/"))
        } else {
            subject.removeSubrange(..<index)
        }
    }

    /// `hook_uri2file` after the rules ran: redirect, proxy, or a local URL for the pipeline.
    func finish(change: ModRewriteChange, state: ModRewriteState) -> RewriteDecision {
        guard change != .none else { return .unchanged }
        result.removeAll(keepingCapacity: true)
        if state.proxy {
            result.append(contentsOf: subject)
            if hasQuery {
                result.append(UInt8(ascii: "?"))
                result.append(contentsOf: query)
            }
            return .proxy
        }
        let schemeLength = subject.withUnsafeBufferPointer { URLCoding.apacheSchemeLength($0).length }
        if schemeLength > 0 {
            let noEscape = change == .noEscape
            if noEscape {
                result.append(contentsOf: subject)
            } else {
                subject.withUnsafeBufferPointer { URLCoding.apacheEscapeAbsolute($0, schemeLength: schemeLength, into: &result) }
            }
            if hasQuery {
                result.append(UInt8(ascii: "?"))
                if noEscape || (hadQuery && query == originalQuery) {
                    result.append(contentsOf: query)
                } else {
                    query.withUnsafeBufferPointer { URLCoding.apacheEscapePath($0, into: &result) }
                }
            }
            let status = state.status.flatMap { (300...399).contains($0) ? $0 : nil } ?? 302
            return .redirect(status: status)
        }
        guard subject.first == UInt8(ascii: "/") else { return .respond(status: 400) }
        // A substitution that yields the URL it matched is no rewrite: httpd passes the request
        // through unchanged (`RewriteRule ^/CaseLess/(.*)$ /caseless/$1 [NC]` on `/caseless/A`).
        if subject == requestPath && hasQuery == hadQuery && query == originalQuery { return .unchanged }
        subject.withUnsafeBufferPointer { URLCoding.encodePathForURL($0, into: &result) }
        if hasQuery {
            result.append(UInt8(ascii: "?"))
            result.append(contentsOf: query)
        }
        return .rewritten
    }
}
