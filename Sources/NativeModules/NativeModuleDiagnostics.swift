import ModuleShim

/// What native modules did that isapi-bridge does not support (each is logged once per module).
public enum NativeModuleDiagnostics {
    /// The unsupported methods `module` called, e.g. `IHttpContext::CloneContext`, sorted.
    public static func unsupportedMethods(of module: String) -> [String] {
        let sink = StringListSink()
        module.withCString { ib_unsupported_methods($0, Unmanaged.passUnretained(sink).toOpaque(), StringListSink.emit) }
        return sink.values.sorted()
    }
}

/// Collects strings emitted by the shim.
final class StringListSink {
    var values: [String] = []

    static let emit: IBEmitFn = { out, bytes, length in
        guard let out else { return }
        let sink = Unmanaged<StringListSink>.fromOpaque(out).takeUnretainedValue()
        sink.values.append(String(decoding: UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : length), as: UTF8.self))
    }
}
