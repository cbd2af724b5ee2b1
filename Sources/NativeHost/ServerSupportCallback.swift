import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ServerSupportFunction(pfc, sfReq, pData, ul1, ul2)`: each `SF_REQ_*` code onto its
/// `FilterContext` method. Codes with no meaning on this host (SET_PROXY_INFO, GET_CONNID,
/// SET_CERTIFICATE_INFO, GET_PROPERTY of SF_PROPERTY_SSL_CTXT) and unknown codes are FALSE with
/// `ERROR_NOT_SUPPORTED`.
enum ServerSupportCallback {
    typealias Context = UnsafeMutablePointer<HTTP_FILTER_CONTEXT>

    static let serverSupportFunction: @convention(c) (Context?, SF_REQ_TYPE, PVOID?, ULONG_PTR, ULONG_PTR) -> BOOL = {
        pfc, request, data, ul1, _ in
        guard let slot = NativeSlot.active(pfc) else { return failing(.invalidParameter) }
        guard let code = ServerSupportRequest(rawValue: Int32(bitPattern: request.rawValue)) else {
            return failing(.notSupported)
        }
        do throws(Win32Error) {
            try perform(code, on: slot.context, data: data, ul1: ul1)
            return 1
        } catch {
            return failing(error)
        }
    }

    private static func string(_ pointer: UnsafeRawPointer?) -> String? {
        pointer.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) }
    }

    private static func perform(_ request: ServerSupportRequest, on context: FilterContext,
                                data: UnsafeMutableRawPointer?, ul1: UInt) throws(Win32Error) {
        switch request {
        case .sendResponseHeader:
            // pData: status text or NULL for "200 OK"; ul1: a char * header block or 0.
            try context.sendResponseHeader(status: string(data), headers: string(UnsafeRawPointer(bitPattern: ul1)))
        case .addHeadersOnDenial:
            guard let headers = string(data) else { throw .invalidParameter }
            try context.addHeadersOnDenial(headers)
        case .setNextReadSize:
            guard ul1 <= UInt(Int32.max) else { throw .invalidParameter }
            try context.setNextReadSize(Int(ul1))
        case .getProperty:
            guard let data else { throw .invalidParameter }
            switch ul1 {
            case 1:  // SF_PROPERTY_INSTANCE_NUM_ID
                data.storeBytes(of: try context.instanceID(), as: DWORD.self)
            case 0:  // SF_PROPERTY_SSL_CTXT: no SChannel context here
                throw .notSupported
            default:
                throw .invalidParameter
            }
        case .normalizeURL:
            guard let data else { throw .invalidParameter }
            let pointer = data.assumingMemoryBound(to: CChar.self)
            let length = strlen(pointer)
            let normalized = try context.normalizeURL(String(cString: pointer))
            // In place: the result must fit where the original was.
            guard normalized.utf8.count <= length else { throw .insufficientBuffer }
            CBuffer.place(normalized, into: data)
        case .disableNotifications:
            guard ul1 <= UInt(UInt32.max) else { throw .invalidParameter }
            try context.disableNotifications(FilterNotifications(rawValue: UInt32(ul1)))
        case .setProxyInfo, .getConnectionID, .setCertificateInfo:
            throw .notSupported
        }
    }
}
