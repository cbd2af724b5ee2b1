/// Who set a response header the writer refuses, for the log line that names it.
extension HttpContext {
    /// The extension running now: the ISAPI filter inside a notification, else the module in its
    /// stage, else the server itself.
    var activeExtension: String {
        if let session = connection.filterSession,
           let active = session.contexts.first(where: { $0.activeNotification != nil }),
           let notification = active.activeNotification {
            return "ISAPI filter '\(active.filterName)' in \(notification.notificationName)"
        }
        if let module = currentModule { return "module '\(pipeline.modules[module].name)'" }
        return "the server or a global module"
    }

    func headerSetter(_ name: String) -> String {
        response.refusedHeaderSetter ?? "an extension that is not known (header '\(HeaderViolation.printable(name))')"
    }
}
