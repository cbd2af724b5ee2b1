extension String {
    /// Every occurrence of `target` replaced with `replacement` (without Foundation).
    public func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
