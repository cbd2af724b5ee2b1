#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// IIS server variables computed from the request, connection and site (`GetServerVariable`).
extension HttpContext {
    /// `SetServerVariable`: creates or replaces a variable; it shadows the computed value.
    public func setServerVariable(_ name: String, _ value: String) {
        serverVariableOverrides[name.uppercased()] = value
    }

    /// The value of `name`, or nil when the variable is unknown (`ERROR_INVALID_INDEX`).
    /// Known variables without a value return "".
    public func serverVariable(_ name: String) -> String? {
        // The common case first: a computed variable named in upper case, nothing set by modules.
        if serverVariableOverrides.isEmpty, let variable = ComputedVariable.named(name) { return computedVariable(variable) }
        let upper = Self.asciiUppercased(name)
        if !serverVariableOverrides.isEmpty, let value = serverVariableOverrides[upper] { return value }
        if let variable = ComputedVariable.byName[upper] { return computedVariable(variable) }
        if upper.hasPrefix("HEADER_") { return request.headers[String(name.dropFirst(7))] }
        if upper.hasPrefix("UNICODE_") { return serverVariable(String(name.dropFirst(8))) }
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

    /// `name.uppercased()`, without a new string when `name` is upper-case ASCII already (as
    /// callers nearly always write it).
    static func asciiUppercased(_ name: String) -> String {
        var name = name
        let upperAlready = name.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 && !($0 >= 97 && $0 <= 122) } }
        return upperAlready ? name : name.uppercased()
    }

    private func computedVariable(_ variable: ComputedVariable) -> String {
        // `info` and `site` are read per case, in place: copies of the two structures (their
        // strings retained and released) cost every lookup.
        switch variable {
        case .allHTTP:
            return request.headers.map { "HTTP_\(Self.cgiName($0.name)):\($0.value)\n" }.joined()
        case .allRaw:
            return request.headers.map { "\($0.name): \($0.value)\r\n" }.joined()
        case .url: return request.path
        case .queryString: return request.query
        case .method: return request.method
        // The canonical path is URL; HTTP_URL is the URL as sent (or as a filter set it), encoded.
        case .httpURL: return request.target
        case .unencodedURL: return request.originalTarget
        case .version: return request.version.description
        case .physicalPath: return physicalPath ?? mapPath(request.path)
        case .applMDPath:
            let application = pipeline.site.virtualRoot(for: request.path).applicationPath
            return "/LM/W3SVC/\(pipeline.site.id)/ROOT" + (application == "/" ? "" : application)
        case .applPhysicalPath: return SiteInfo.absoluteDirectory(pipeline.site.virtualRoot(for: request.path).applicationPhysicalPath)
        case .documentRoot: return pipeline.site.physicalPath
        case .remoteAddress: return connection.info.remoteAddress
        case .remotePort: return String(connection.info.remotePort)
        case .localAddress: return connection.info.localAddress
        case .serverName:
            let host = request.headers["Host"] ?? connection.info.localAddress
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
            return host.split(separator: ":").first.map(String.init) ?? host
        case .serverPort: return String(connection.info.localPort)
        case .serverPortSecure: return connection.info.isSecure ? "1" : "0"
        case .https: return connection.info.isSecure ? "on" : "off"
        case .authType: return user?.authenticationType ?? ""
        case .authUser: return user?.name ?? ""
        case .authPassword: return user?.password ?? ""
        case .contentLength: return request.headers["Content-Length"] ?? String(request.bodyBytesReceived)
        case .contentType: return request.headers["Content-Type"] ?? ""
        case .gatewayInterface: return "CGI/1.1"
        case .instanceID: return String(pipeline.site.id)
        case .instanceName: return pipeline.instanceName
        case .instanceMetaPath: return "/LM/W3SVC/\(pipeline.site.id)"
        case .appPoolID: return pipeline.site.virtualRoot(for: request.path).applicationPool
        case .serverSoftware: return pipeline.serverSoftware
        case .tls(let variable): return variable.value(connection.info.tls)
        }
    }
}

/// The server variables computed from the request, connection and site, found by name in one
/// dictionary lookup (a `switch` over strings compares them one by one).
enum ComputedVariable {
    case allHTTP, allRaw, url, queryString, method, httpURL, unencodedURL, version, physicalPath
    case applMDPath, applPhysicalPath, documentRoot, remoteAddress, remotePort, localAddress, serverName, serverPort
    case serverPortSecure, https, authType, authUser, authPassword, contentLength, contentType
    case gatewayInterface, instanceID, instanceName, instanceMetaPath, appPoolID, serverSoftware
    case tls(TLSVariable)

    static let byName: [String: ComputedVariable] = [
        "ALL_HTTP": .allHTTP, "ALL_RAW": .allRaw,
        "URL": .url, "SCRIPT_NAME": .url, "PATH_INFO": .url,
        "QUERY_STRING": .queryString,
        "REQUEST_METHOD": .method, "HTTP_METHOD": .method,
        "HTTP_URL": .httpURL, "REQUEST_URI": .httpURL, "CACHE_URL": .httpURL,
        "UNENCODED_URL": .unencodedURL,
        "HTTP_VERSION": .version, "SERVER_PROTOCOL": .version,
        "PATH_TRANSLATED": .physicalPath, "SCRIPT_FILENAME": .physicalPath, "SCRIPT_TRANSLATED": .physicalPath,
        "REQUEST_FILENAME": .physicalPath,
        "APPL_MD_PATH": .applMDPath,
        "APPL_PHYSICAL_PATH": .applPhysicalPath, "DOCUMENT_ROOT": .documentRoot,
        "REMOTE_ADDR": .remoteAddress, "REMOTE_HOST": .remoteAddress,
        "REMOTE_PORT": .remotePort,
        "LOCAL_ADDR": .localAddress, "SERVER_ADDR": .localAddress,
        "SERVER_NAME": .serverName,
        "SERVER_PORT": .serverPort,
        "SERVER_PORT_SECURE": .serverPortSecure,
        "HTTPS": .https,
        "AUTH_TYPE": .authType,
        "AUTH_USER": .authUser, "REMOTE_USER": .authUser, "UNMAPPED_REMOTE_USER": .authUser, "LOGON_USER": .authUser,
        "AUTH_PASSWORD": .authPassword,
        "CONTENT_LENGTH": .contentLength,
        "CONTENT_TYPE": .contentType,
        "GATEWAY_INTERFACE": .gatewayInterface,
        "INSTANCE_ID": .instanceID,
        "INSTANCE_NAME": .instanceName,
        "INSTANCE_META_PATH": .instanceMetaPath,
        "APP_POOL_ID": .appPoolID,
        "SERVER_SOFTWARE": .serverSoftware,
    ].merging(TLSVariable.byName.mapValues { .tls($0) }) { first, _ in first }

    /// The variable `name` names exactly (upper case, as `byName` spells it), found by its bytes.
    static func named(_ name: String) -> ComputedVariable? {
        var name = name
        return name.withUTF8 { table.variable(named: $0) }
    }

    private static let table = ComputedVariableTable(byName)
}

/// `ComputedVariable.byName` for lookups by bytes, without hashing a `String` (SipHash) per
/// lookup: names are grouped by length (a handful share one) and compared byte by byte.
struct ComputedVariableTable: Sendable {
    /// Every name's bytes, back to back.
    private var bytes: [UInt8] = []
    /// Per length: where each name of that length starts in `bytes`, and its variable.
    private var groups: [[(offset: Int, variable: ComputedVariable)]] = []

    init(_ names: [String: ComputedVariable]) {
        for (name, variable) in names {
            let count = name.utf8.count
            while groups.count <= count { groups.append([]) }
            groups[count].append((bytes.count, variable))
            bytes.append(contentsOf: name.utf8)
        }
    }

    func variable(named name: UnsafeBufferPointer<UInt8>) -> ComputedVariable? {
        let count = name.count
        guard count > 0, count < groups.count else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            for entry in groups[count] where memcmp(all.baseAddress! + entry.offset, name.baseAddress!, count) == 0 {
                return entry.variable
            }
            return nil
        }
    }
}
