import Pipeline
import Server

extension FuzzEntries {
    /// A filter's header texts through the filter API, on a request sent through the server's
    /// handlers. The input is NUL-separated fields: operations, status line, header block
    /// (`Name: value` lines), header name, header value. Each byte of the operations field is one
    /// call, in order, made when its notification comes:
    ///
    /// * PREPROC_HEADERS: `a` AddResponseHeaders(block), `d` AddHeadersOnDenial(block),
    ///   `s` SEND_RESPONSE_HEADER(status, block) then FINISHED_KEEP_CONN, `h` SetHeader(name, value),
    ///   `H` AddHeader(name, value), `g` GetHeader(name);
    /// * SEND_RESPONSE: `R` SetHeader(name, value), `A` AddHeader(name, value), `G` GetHeader(name);
    /// * SEND_RAW_DATA: `r` SEND_RESPONSE_HEADER(status, block), once per request (the raw-data path).
    ///
    /// An empty status field means "no status" (200 OK). Win32 errors the calls return are answers.
    public static func filterHeaders(_ input: UnsafeRawBufferPointer) {
        let fields = input.fields
        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
        HeaderScriptFilter.script = HeaderScript(operations: Array(field(0).utf8), status: field(1), block: field(2),
                                                 name: field(3), value: field(4))
        FilterHeadersSite.driver.run(reads: [FilterHeadersSite.requests[...]])
    }
}

struct HeaderScript {
    var operations: [UInt8] = []
    var status = ""
    var block = ""
    var name = ""
    var value = ""
}

enum FilterHeadersSite {
    /// Two pipelined requests: the second shows what state the first left the connection in.
    static let requests = Array("GET /index.html HTTP/1.1\r\nHost: fuzz.test\r\n\r\nGET /hello HTTP/1.1\r\nHost: fuzz.test\r\nConnection: close\r\n\r\n".utf8)

    nonisolated(unsafe) static let driver: ConnectionDriver = {
        let filters = try! FilterChain([FilterRegistration(name: "header-script", filter: HeaderScriptFilter())])
        return ConnectionDriver(sites: .single(RequestPipeline(
            site: SiteInfo(physicalPath: HTTPHeadSites.root), modules: DemoSite.modules(diskAccess: .callingThread), filters: filters)))
    }()
}

/// Plays the current `HeaderScript`. Used on the fuzzer's one thread only.
final class HeaderScriptFilter: HttpFilter, @unchecked Sendable {
    nonisolated(unsafe) static var script = HeaderScript()
    private var rawHeaderSent = false

    func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        FilterVersion(description: "header script",
                      flags: [.preprocHeaders, .sendResponse, .sendRawData, .endOfRequest, .nonSecurePort])
    }

    func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        let script = Self.script
        let status: String? = script.status.isEmpty ? nil : script.status
        var result = FilterStatus.nextNotification
        for operation in script.operations {
            do {
                switch (notification, operation) {
                case (.preprocHeaders, UInt8(ascii: "a")): try context.addResponseHeaders(script.block)
                case (.preprocHeaders, UInt8(ascii: "d")): try context.addHeadersOnDenial(script.block)
                case (.preprocHeaders, UInt8(ascii: "s")):
                    try context.sendResponseHeader(status: status, headers: script.block)
                    result = .finishedKeepConnection
                case (.preprocHeaders(let headers), UInt8(ascii: "h")): try headers.setHeader(script.name, script.value)
                case (.preprocHeaders(let headers), UInt8(ascii: "H")): try headers.addHeader(script.name, script.value)
                case (.preprocHeaders(let headers), UInt8(ascii: "g")): _ = try headers.getHeader(script.name)
                case (.sendResponse(let headers), UInt8(ascii: "R")): try headers.setHeader(script.name, script.value)
                case (.sendResponse(let headers), UInt8(ascii: "A")): try headers.addHeader(script.name, script.value)
                case (.sendResponse(let headers), UInt8(ascii: "G")): _ = try headers.getHeader(script.name)
                case (.sendRawData, UInt8(ascii: "r")) where !rawHeaderSent:
                    rawHeaderSent = true
                    try context.sendResponseHeader(status: status, headers: script.block)
                default: break
                }
            } catch {
                continue
            }
        }
        if case .endOfRequest = notification { rawHeaderSent = false }
        return result
    }
}
