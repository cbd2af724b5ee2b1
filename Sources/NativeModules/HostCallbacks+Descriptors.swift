import ModuleShim
import Pipeline

/// The callbacks behind the descriptors the shim hands modules (IScriptMapInfo, IHttpTraceContext)
/// and the request/response methods added with them (InsertEntityBody, ResetConnection,
/// GetIsLastNotification).
extension HostCallbacks {
    static func installDescriptors(_ table: inout IBHostCallbacks) {
        table.handlerMapping = { host, which, out, emit in
            guard let handler = NativeRequestBridge.from(host).context.handler else { return 0 }
            switch which {
            case 0: emitText(handler.name, out, emit)
            case 1: emitText(handler.path, out, emit)
            case 2: emitText(handler.verb, out, emit)
            default: emitText(handler.modules.joined(separator: ","), out, emit)
            }
            return 1
        }
        table.handlerMappingFor = { host, url, verb, wildcard, which, out, emit in
            guard let url, let verb else { return 0 }
            let path = String(String(cString: url).split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let method = String(cString: verb)
            let handlers = NativeRequestBridge.from(host).context.pipeline.handlers
            guard let handler = handlers.first(where: { (wildcard != 0 || $0.path != "*") && $0.matches(path: path, method: method) })
            else { return 0 }
            switch which {
            case 0: emitText(handler.name, out, emit)
            case 1: emitText(handler.path, out, emit)
            case 2: emitText(handler.verb, out, emit)
            default: emitText(handler.modules.joined(separator: ","), out, emit)
            }
            return 1
        }
        table.requestInsertBody = { host, bytes, length in
            let inserted = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(length))) } ?? []
            NativeRequestBridge.from(host).context.request.insertEntityBody(inserted)
        }
        table.pendingNotifications = { host, status in
            let parsed = NotificationStatus(rawValue: status) ?? .continue
            return NativeRequestBridge.from(host).context.hasPendingNotifications(after: parsed) ? 1 : 0
        }
        table.recycle = { module, reason, application in
            NativeRecycling.requested(module: module.map { String(cString: $0) } ?? "?",
                                      reason: reason.map { String(cString: $0) } ?? "", application: application != 0)
        }
        table.responseReset = { host in NativeRequestBridge.from(host).context.response.resetConnection() }
        table.traceEvent = { host, module, event, data, level in
            let moduleName = module.map { String(cString: $0) } ?? "?"
            let eventName = event.map { String(cString: $0) } ?? ""
            let text = data.map { String(cString: $0) } ?? ""
            if let host {
                NativeRequestBridge.from(host).context.trace?.record(
                    .module, name: moduleName, notification: "TRACE \(eventName)", result: text, duration: .zero)
            }
            HostCallbacks.logger.debug("trace event from native module '\(moduleName)': \(eventName) \(text) (level \(level))")
        }
    }

}

/// Hands `value` to the shim's string sink.
private func emitText(_ value: String, _ out: UnsafeMutableRawPointer?, _ emit: IBEmitFn?) {
    guard let emit else { return }
    var copy = value
    copy.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { emit(out, $0.baseAddress, $0.count) }
    }
}
