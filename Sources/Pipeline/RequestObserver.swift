/// Told about each finished request, after LogRequest and EndRequest ran (so `logRecord` holds the
/// filters' edits), on the connection's executor. The W3C request log and the metrics are observers.
/// Keep it quick: it runs on the event loop between requests.
public protocol RequestObserver: Sendable {
    func requestCompleted(_ context: HttpContext)
}
