import Pipeline

/// The engine's view of a request inside the filter: server variables through `GetServerVariable`,
/// headers through the AUTH_COMPLETE header access, `[E]` variables as server variables.
struct FilterEnvironment: RewriteEnvironment {
    let context: FilterContext
    let headers: FilterHeaders

    func serverVariable(_ name: String) -> String? {
        try? context.serverVariable(name)
    }

    func requestHeader(_ name: String) -> String? {
        try? headers.getHeader(name)
    }

    func setRequestHeader(_ name: String, _ value: String) {
        try? headers.setHeader(name, value)
    }

    func environmentVariable(_ name: String) -> String? {
        try? context.serverVariable(name)
    }
}

/// Status lines and absolute redirect targets for the filter's answers.
enum ResponseText {
    /// The standard phrase; an unknown 3xx reads "Redirect", anything else unknown "Status".
    static func statusLine(_ status: Int) -> String {
        let reason = HTTPStatusReason.knownPhrase(for: status) ?? ((300...399).contains(status) ? "Redirect" : "Status")
        return "\(status) \(reason)"
    }

    /// IIRF's rule for a redirect target that is not absolute: `http(s)://SERVER_NAME[:SERVER_PORT]`
    /// in front, the port left out when it is the scheme's default (IIRF also did not insert a
    /// missing `/`; this does).
    static func absoluteLocation(_ target: String, environment: some RewriteEnvironment) -> String {
        let target = escapingControlBytes(target)
        let lower = target.prefix(8).lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return target }
        let https = environment.serverVariable("HTTPS")?.lowercased() == "on"
        let scheme = https ? "https" : "http"
        let host = environment.serverVariable("SERVER_NAME") ?? "localhost"
        let port = environment.serverVariable("SERVER_PORT") ?? (https ? "443" : "80")
        let defaultPort = (https && port == "443") || (!https && port == "80")
        return "\(scheme)://\(host)\(defaultPort ? "" : ":" + port)\(target.hasPrefix("/") ? "" : "/")\(target)"
    }

    /// A redirect target is a URL: control bytes and spaces (a `%0d` the rule decoded and copied
    /// from the request) are percent-encoded, never written raw into the Location header.
    static func escapingControlBytes(_ url: String) -> String {
        guard url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return url }
        var output: [UInt8] = []
        for byte in url.utf8 {
            if byte <= 0x20 || byte == 0x7F {
                output += Array("%\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))".utf8)
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A URL the pipeline accepts: a `%` that does not start an escape becomes `%25`.
    static func acceptableURL(_ url: String) -> String {
        var url = url
        // Nearly every URL has no `%`: one contiguous scan, no copy.
        guard url.withUTF8({ $0.contains(UInt8(ascii: "%")) }) else { return url }
        let bytes = Array(url.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"),
               !(index + 2 < bytes.count && URLCoding.hexValue(bytes[index + 1]) != nil && URLCoding.hexValue(bytes[index + 2]) != nil) {
                output.append(contentsOf: Array("%25".utf8))
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
