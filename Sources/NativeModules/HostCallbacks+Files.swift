import ModuleShim
import Pipeline

/// The callback behind `IHttpFileInfo` (IHttpContext::GetFileInfo, IHttpServer::GetFileInfo): the
/// process's `FileCache`, the one the static file handler serves from, so a C++ module sees the same
/// ETag and Last-Modified as the response, and a file the cache knows costs no disk access.
extension HostCallbacks {
    static func installFiles(_ table: inout IBHostCallbacks) {
        table.fileLookup = { path, status, etagOut, modifiedOut, bytesOut, emit in
            guard let path, let status else { return }
            let key = String(cString: path)
            let cache = FileCache.processWide
            // A cache miss looks at the disk on the calling thread, as IIS's GetFileInfo does.
            let file = cache.lookup(key) ?? cache.refresh(key)
            status.pointee = IBFileStatus()
            status.pointee.kind = switch file.kind {
            case .regularFile: 0
            case .directory: 1
            case .other: 2
            case .missing: 3
            case .notPermitted: 4
            }
            guard file.kind == .regularFile, let emit else { return }
            status.pointee.size = UInt64(file.size)
            status.pointee.modifiedSeconds = Int64(file.identity.modifiedSeconds)
            status.pointee.modifiedNanoseconds = Int64(file.identity.modifiedNanoseconds)
            status.pointee.device = file.identity.device
            status.pointee.inode = file.identity.inode
            emitBytes(Array(file.etag.utf8), etagOut, emit)
            emitBytes(Array(file.lastModified.utf8), modifiedOut, emit)
            if case .bytes(let bytes) = file.body {
                emitBytes(bytes, bytesOut, emit)
            }
        }
    }
}

private func emitBytes(_ bytes: [UInt8], _ out: UnsafeMutableRawPointer?, _ emit: IBEmitFn) {
    bytes.withUnsafeBytes { raw in
        emit(out, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
    }
}
