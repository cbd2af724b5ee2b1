/// IIS server variables computed from the request, connection and site (`GetServerVariable`).
extension HttpContext {
    /// `SetServerVariable`: creates or replaces a variable; it shadows the computed value.
    public func setServerVariable(_ name: String, _ value: String) {
        serverVariableOverrides[name.uppercased()] = value
    }

    /// The value of `name`, or nil when the variable is unknown (`ERROR_INVALID_INDEX`).
    /// Known variables without a value return "".
    public func serverVariable(_ name: String) -> String? {
        let upper = name.uppercased()
        if let value = serverVariableOverrides[upper] { return value }
        if upper.hasPrefix("HEADER_") { return request.headers[String(name.dropFirst(7))] }
        if upper.hasPrefix("UNICODE_") { return serverVariable(String(name.dropFirst(8))) }
        if let value = computedVariable(upper) { return value }
        if upper.hasPrefix("HTTP_") {
            let wanted = upper.dropFirst(5)
            return request.headers.first { Self.cgiName($0.name) == wanted }?.value
        }
        return nil
    }

    /// `X-Forwarded-For` becomes `X_FORWARDED_FOR` (the lossy CGI mapping).
    static func cgiName(_ header: String) -> String {
        String(header.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    private func computedVariable(_ name: String) -> String? {
        let info = connection.info
        let site = pipeline.site
        switch name {
        case "ALL_HTTP":
            return request.headers.map { "HTTP_\(Self.cgiName($0.name)):\($0.value)\n" }.joined()
        case "ALL_RAW":
            return request.headers.map { "\($0.name): \($0.value)\r\n" }.joined()
        case "URL", "SCRIPT_NAME", "PATH_INFO": return request.path
        case "QUERY_STRING": return request.query
        case "REQUEST_METHOD", "HTTP_METHOD": return request.method
        // The canonical path is URL; HTTP_URL is the URL as sent (or as a filter set it), encoded.
        case "HTTP_URL", "REQUEST_URI", "CACHE_URL": return request.target
        case "UNENCODED_URL": return request.originalTarget
        case "HTTP_VERSION", "SERVER_PROTOCOL": return request.version.description
        case "PATH_TRANSLATED", "SCRIPT_FILENAME", "SCRIPT_TRANSLATED", "REQUEST_FILENAME":
            return physicalPath ?? mapPath(request.path)
        case "APPL_MD_PATH": return "/LM/W3SVC/\(site.id)/ROOT"
        case "APPL_PHYSICAL_PATH": return site.applicationPhysicalPath
        case "DOCUMENT_ROOT": return site.physicalPath
        case "REMOTE_ADDR", "REMOTE_HOST": return info.remoteAddress
        case "REMOTE_PORT": return String(info.remotePort)
        case "LOCAL_ADDR", "SERVER_ADDR": return info.localAddress
        case "SERVER_NAME":
            let host = request.headers["Host"] ?? info.localAddress
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
            return host.split(separator: ":").first.map(String.init) ?? host
        case "SERVER_PORT": return String(info.localPort)
        case "SERVER_PORT_SECURE": return info.isSecure ? "1" : "0"
        case "HTTPS": return info.isSecure ? "on" : "off"
        case "AUTH_TYPE": return user?.authenticationType ?? ""
        case "AUTH_USER", "REMOTE_USER", "UNMAPPED_REMOTE_USER", "LOGON_USER": return user?.name ?? ""
        case "AUTH_PASSWORD": return user?.password ?? ""
        case "CONTENT_LENGTH": return request.headers["Content-Length"] ?? String(request.body.count)
        case "CONTENT_TYPE": return request.headers["Content-Type"] ?? ""
        case "GATEWAY_INTERFACE": return "CGI/1.1"
        case "INSTANCE_ID": return String(site.id)
        case "INSTANCE_NAME": return site.name.uppercased()
        case "INSTANCE_META_PATH": return "/LM/W3SVC/\(site.id)"
        case "APP_POOL_ID": return "DefaultAppPool"
        case "SERVER_SOFTWARE": return pipeline.serverSoftware
        default: return nil
        }
    }
}
