import ServiceLifecycle

/// Runs under a `ServiceGroup`: listens until graceful shutdown (SIGINT/SIGTERM) is triggered,
/// then shuts down gracefully.
extension HTTPServer: Service {
    public func run() async throws {
        try await start()
        try? await gracefulShutdown()
        logger.info("shutting down: finishing requests in flight")
        await shutdown()
    }
}
