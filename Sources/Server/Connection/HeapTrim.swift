#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Gives freed heap memory back to the system after many connections closed.
///
/// glibc keeps freed memory in its free lists: without this, 10,000 idle connections that close
/// leave the process as large as while they were open (every connection's small blocks are spread
/// over the pages, so the heap cannot shrink from its top). `malloc_trim(0)` returns every free
/// page, wherever it lies. It walks the whole heap, so it runs only after a wave of closes: once the
/// open connections fell to half of their peak since the last trim, and by at least `minimumDrop`;
/// and when the last connection closed after a peak of at least `drainedPeak` (the connections
/// still open at the previous trim pinned pages all over the heap). It runs off the event loops.
/// On a C library without `malloc_trim` it does nothing.
struct HeapTrim {
    /// Fewer closes than this are not worth a walk of the heap.
    static let minimumDrop = 1024
    /// All connections closed: worth a trim when at least this many were open since the last one.
    static let drainedPeak = 64

    private var peak = 0

    /// Records the open connection count after an admission.
    mutating func opened(count: Int) { peak = max(peak, count) }

    /// Records the open connection count after a close; true when it is time to trim.
    mutating func closed(count: Int) -> Bool {
        let wave = peak - count >= Self.minimumDrop && count <= peak / 2
        let drained = count == 0 && peak >= Self.drainedPeak
        guard wave || drained else { return false }
        peak = count
        return true
    }

    /// Returns free heap pages to the system, on a background thread.
    static func trimInBackground() {
        guard let trim = mallocTrim else { return }
        DispatchQueue.global(qos: .utility).async { _ = trim(0) }
    }

    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not import malloc.h.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
