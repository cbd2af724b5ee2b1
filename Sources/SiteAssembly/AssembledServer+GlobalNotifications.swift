import Pipeline

/// The server-wide global notifications of one assembled configuration. Application start and stop
/// are per site (each site is one application); the others reach each global module object once,
/// even when several sites share it. A module returning HANDLED ends the notification, as in IIS.
extension AssembledServer {
    /// GL_APPLICATION_START for every site, once the server serves them.
    public func notifyApplicationStart() {
        for site in sites {
            let info = site.pipeline.site
            notifyEach(in: [site], .applicationStart) { $0.applicationStart(info) }
        }
    }

    /// GL_APPLICATION_STOP for every site (shutdown, or after a reload replaced this configuration).
    public func notifyApplicationStop() {
        for site in sites {
            let info = site.pipeline.site
            notifyEach(in: [site], .applicationStop) { $0.applicationStop(info) }
        }
    }

    /// GL_CONFIGURATION_CHANGE with the changed configuration path.
    public func notifyConfigurationChange(path: String) {
        notifyEach(in: sites, .configurationChange) { $0.configurationChange(path: path) }
    }

    /// GL_HEALTH_CHECK.
    public func notifyHealthCheck() { notifyEach(in: sites, .healthCheck) { $0.healthCheck() } }

    /// GL_CACHE_CLEANUP, before termination.
    public func notifyCacheCleanup() { notifyEach(in: sites, .cacheCleanup) { $0.cacheCleanup() } }

    private func notifyEach(in sites: [AssembledSite], _ notification: GlobalNotifications,
                            _ call: (any GlobalModule) -> GlobalNotificationStatus) {
        var told: Set<ObjectIdentifier> = []
        for site in sites {
            for registration in site.pipeline.globalModules where registration.notifications.contains(notification) {
                guard told.insert(ObjectIdentifier(registration.module)).inserted else { continue }
                if call(registration.module) == .handled { return }
            }
        }
    }
}
