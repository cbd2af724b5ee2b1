import Config
import Pipeline

extension FileCacheModel {
    /// The file cache limits this `<caching>` element asks for; what it leaves out keeps the default.
    var limits: FileCache.Limits {
        var limits = FileCache.Limits()
        if enabled == false { limits.maxEntries = 0 }
        if let maxCachedFiles { limits.maxEntries = enabled == false ? 0 : maxCachedFiles }
        if let maxCacheSizeMB, maxCacheSizeMB > 0 { limits.maxBytes = maxCacheSizeMB.multipliedReportingOverflow(by: 1 << 20).overflow ? Int.max : maxCacheSizeMB << 20 }
        if let maxResponseSize { limits.maxFileBytesInMemory = maxResponseSize }
        if let maxOpenFiles { limits.maxOpenFiles = maxOpenFiles }
        if let fileCheckInterval { limits.revalidateAfter = fileCheckInterval }
        return limits
    }
}
