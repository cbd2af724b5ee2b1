import Pipeline

extension FuzzEntries {
    /// `HTTPDate.parse` over the input as text (`If-Modified-Since` and the like); a parsed date
    /// must format again.
    public static func httpDate(_ input: UnsafeRawBufferPointer) {
        if let seconds = HTTPDate.parse(input.text) {
            _ = HTTPDate.format(seconds)
        }
    }
}
