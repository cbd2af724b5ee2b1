import Logging
import ModuleShim
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C function table the C++ shim calls back into: every `IHttpContext`, `IHttpRequest`,
/// `IHttpResponse` ... method it implements for real ends here, on the Swift context.
enum HostCallbacks {
    static let logger = Logger(label: "isapi-bridge.native-modules")

    /// Installs the table once per process.
    static let installed: Void = {
        var table = IBHostCallbacks()
        table.log = { level, message in
            let text = message.map { String(cString: $0) } ?? ""
            switch level {
            case 0: HostCallbacks.logger.info("\(text)")
            case 1: HostCallbacks.logger.warning("\(text)")
            default: HostCallbacks.logger.error("\(text)")
            }
        }
        table.requestString = { host, which, out, emit in
            let request = NativeRequestBridge.from(host).context.request
            switch which {
            case 0: send(request.method, out, emit)
            case 1: send(request.path, out, emit)
            case 2: send(request.query, out, emit)
            case 3: send(request.originalTarget, out, emit)
            default:
                let context = NativeRequestBridge.from(host).context
                send(request.headers["Host"] ?? context.connection.info.localAuthority, out, emit)
            }
            return 1
        }
        table.requestHeaderGet = { host, name, out, emit in
            guard let name, let value = NativeRequestBridge.from(host).context.request.headers.value(named: cName(name))
            else { return 0 }
            send(value, out, emit)
            return 1
        }
        table.requestHeaderSet = { host, name, value, length, replace in
            guard let name, let text = string(value, length) else { return HResult.invalidParameter }
            NativeRequestBridge.from(host).context.request.headers.set(String(cString: name), text, replace: replace != 0)
            return 0
        }
        table.requestHeaderDelete = { host, name in
            guard let name else { return }
            NativeRequestBridge.from(host).context.request.headers.remove(String(cString: name))
        }
        table.requestMethodSet = { host, method in
            guard let method else { return HResult.invalidParameter }
            NativeRequestBridge.from(host).context.request.method = String(cString: method)
            return 0
        }
        table.requestURLSet = { host, url, length, reset in
            guard let text = string(url, length) else { return HResult.invalidParameter }
            return NativeRequestBridge.from(host).context.request.setURL(text, resetQueryString: reset != 0)
                ? 0 : HResult.invalidParameter
        }
        table.requestURLChanged = { host in NativeRequestBridge.from(host).context.request.urlChanged ? 1 : 0 }
        table.requestVersion = { host, major, minor in
            let version = NativeRequestBridge.from(host).context.request.version
            major?.pointee = UInt16(clamping: version.major)
            minor?.pointee = UInt16(clamping: version.minor)
        }
        table.serverVariableGet = { host, name, out, emit in
            guard let name, let value = NativeRequestBridge.from(host).context.serverVariable(String(cString: name))
            else { return 0 }
            send(value, out, emit)
            return 1
        }
        table.serverVariableSet = { host, name, value, length in
            guard let name, let text = string(value, length) else { return HResult.invalidParameter }
            NativeRequestBridge.from(host).context.setServerVariable(String(cString: name), text)
            return 0
        }
        table.requestAllocate = { host, size in
            zeroed(NativeRequestBridge.from(host).context.allocateRequestMemory(byteCount: Int(size)), size)
        }
        table.requestSetHandled = { host in NativeRequestBridge.from(host).context.setRequestHandled() }
        table.disableNotifications = { host, stages, posts in
            NativeRequestBridge.from(host).context.disableNotifications(
                RequestNotifications(rawValue: stages), post: RequestNotifications(rawValue: posts))
        }
        table.setErrorStatus = { host, hresult in NativeRequestBridge.from(host).context.response.errorStatus = hresult }
        table.userString = { host, which, out, emit in
            guard let user = NativeRequestBridge.from(host).context.user else { return 0 }
            switch which {
            case 0: send(user.name, out, emit)
            case 1: send(user.authenticationType, out, emit)
            default: send(user.password, out, emit)
            }
            return 1
        }
        installResponse(&table)
        installDescriptors(&table)
        installFiles(&table)
        ib_install_host(&table)
    }()

    private static func installResponse(_ table: inout IBHostCallbacks) {
        table.responseClear = { host in NativeRequestBridge.from(host).context.response.clear() }
        table.responseClearHeaders = { host in NativeRequestBridge.from(host).context.response.clearHeaders() }
        table.responseSetStatus = { host, code, reason, subStatus in
            NativeRequestBridge.from(host).context.response.setStatus(
                Int(code), reason: reason.map { String(cString: $0) }, subStatus: Int(subStatus))
            return 0
        }
        table.responseGetStatus = { host, code, subStatus, out, emit in
            let response = NativeRequestBridge.from(host).context.response
            code?.pointee = UInt16(clamping: response.status)
            subStatus?.pointee = UInt16(clamping: response.subStatus)
            send(response.reason, out, emit)
        }
        table.responseHeaderGet = { host, name, out, emit in
            guard let name, let value = NativeRequestBridge.from(host).context.response.headers.value(named: cName(name))
            else { return 0 }
            send(value, out, emit)
            return 1
        }
        table.responseHeaderSet = { host, name, value, length, replace in
            guard let name, let text = string(value, length) else { return HResult.invalidParameter }
            NativeRequestBridge.from(host).context.response.headers.set(String(cString: name), text, replace: replace != 0)
            return 0
        }
        table.responseHeaderDelete = { host, name in
            guard let name else { return }
            NativeRequestBridge.from(host).context.response.headers.remove(String(cString: name))
        }
        table.responseWrite = { host, bytes, length in
            guard let bytes, length > 0 else { return }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: length)
            NativeRequestBridge.from(host).context.response.write(Array(buffer))
        }
        table.responseRedirect = { host, url, resetStatus, includeQuery in
            guard let url else { return HResult.invalidParameter }
            NativeRequestBridge.from(host).context.response.redirect(
                to: String(cString: url), status: 302, includeQuery: includeQuery != 0)
            _ = resetStatus
            return 0
        }
        table.responseFlush = { host in NativeRequestBridge.from(host).context.response.flush() }
        table.responseHeadersSent = { host in NativeRequestBridge.from(host).context.response.headersSent ? 1 : 0 }
        table.responseSetNeedDisconnect = { host in NativeRequestBridge.from(host).context.response.needsDisconnect = true }
        table.responseSuppressHeaders = { host, suppress in
            if suppress >= 0 { NativeRequestBridge.from(host).context.response.headersSuppressed = suppress != 0 }
        }
        table.responseHeadersSuppressed = { host in
            NativeRequestBridge.from(host).context.response.headersSuppressed ? 1 : 0
        }
        table.connectionIsConnected = { host in NativeConnectionBridge.from(host).connection?.isConnected == true ? 1 : 0 }
        table.requestReadBody = { host, buffer, size in
            guard let buffer else { return 0 }
            let bytes = NativeRequestBridge.from(host).context.readEntityBody(maxBytes: Int(size))
            let count = min(bytes.count, Int(size))
            if count > 0 { bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: count) } }
            return UInt32(count)
        }
        table.requestRemainingBody = { host in
            UInt32(clamping: NativeRequestBridge.from(host).context.request.remainingEntityBytes)
        }
        table.siteInfo = { host, out, emit in
            let site = NativeRequestBridge.from(host).context.pipeline.site
            send(site.name, out, emit)
            return site.id
        }
        table.deliverCompletion = { handle, kind, value in
            guard let handle else { return }
            let completion = Unmanaged<CompletionHandle>.fromOpaque(handle).takeRetainedValue()
            if kind == 0 {
                let status = NotificationStatus(rawValue: Int32(bitPattern: value)) ?? .continue
                completion.indicateCompletion(status == .pending ? .continue : status)
            } else {
                completion.postCompletion(bytes: value)
            }
        }
        table.requestHeaderAt = { host, index, nameOut, valueOut, emit in
            let entries = NativeRequestBridge.from(host).context.request.headers.entries
            guard Int(index) < entries.count else { return 0 }
            send(entries[Int(index)].name, nameOut, emit)
            send(entries[Int(index)].value, valueOut, emit)
            return 1
        }
        table.userSet = { host, name, type, password in
            NativeRequestBridge.from(host).context.user = HttpUser(
                name: name.map { String(cString: $0) } ?? "",
                authenticationType: type.map { String(cString: $0) } ?? "",
                password: password.map { String(cString: $0) } ?? "")
        }
        table.connectionAddress = { host, remote, port, out, emit in
            let info = NativeRequestBridge.from(host).context.connection.info
            port?.pointee = UInt16(clamping: remote != 0 ? info.remotePort : info.localPort)
            send(remote != 0 ? info.remoteAddress : info.localAddress, out, emit)
        }
        table.connectionClientCertificate = { host, out, emit in
            guard let der = NativeRequestBridge.from(host).context.connection.info.tls?.clientCertificate?.der else { return 0 }
            der.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { emit?(out, $0.baseAddress, $0.count) }
            }
            return 1
        }
        table.releaseCompletion = { handle in
            guard let handle else { return }
            Unmanaged<CompletionHandle>.fromOpaque(handle).release()
        }
        table.connectionAllocate = { host, size in
            zeroed(NativeConnectionBridge.from(host).connection?.current?.allocateRequestMemory(byteCount: Int(size)), size)
        }
        table.allocatorAllocate = { host, size in
            guard let host else { return nil }
            return Unmanaged<AllocatorBox>.fromOpaque(host).takeUnretainedValue().allocator
                .allocateMemory(byteCount: Int(size))
        }
    }
}

/// Hands `value` to the shim's string sink.
private func send(_ value: String, _ out: UnsafeMutableRawPointer?, _ emit: IBEmitFn?) {
    guard let emit else { return }
    var copy = value
    copy.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { emit(out, $0.baseAddress, $0.count) }
    }
}

/// The bytes of a NUL-terminated C string, without copying them.
private func cName(_ name: UnsafePointer<CChar>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: name, count: strlen(name))
}

/// A C string with an explicit length (not NUL-terminated), decoded as UTF-8 (invalid bytes repaired).
private func string(_ bytes: UnsafePointer<CChar>?, _ length: Int) -> String? {
    guard let bytes else { return length == 0 ? "" : nil }
    let buffer = UnsafeRawBufferPointer(start: bytes, count: length)
    return String(decoding: buffer, as: UTF8.self)
}

/// A `ModuleAllocator` the shim's `IModuleAllocator` reaches through an opaque pointer.
final class AllocatorBox {
    let allocator: ModuleAllocator
    init(_ allocator: ModuleAllocator) { self.allocator = allocator }
}

/// Request memory handed to native modules starts zeroed. IIS does not promise it, but the IIS
/// documentation's examples rely on it: they `wcstombs(buffer, name, wcslen(name))` into
/// `AllocateRequestMemory(wcslen(name) + 1)`, which leaves the terminator to the allocator.
private func zeroed(_ block: UnsafeMutableRawPointer?, _ size: UInt32) -> UnsafeMutableRawPointer? {
    block?.initializeMemory(as: UInt8.self, repeating: 0, count: Int(size))
    return block
}
