/// `IHttpContext::GetIsLastNotification`: what is left of the stage machine's walk.
extension HttpContext {
    /// Whether a deterministic notification (a stage or post-stage) would still reach a module of
    /// this request if the handler running now returned `status`: after FINISH_REQUEST only the
    /// LogRequest and EndRequest subscribers remain, as the stage machine skips. PENDING counts as
    /// CONTINUE (the walk resumes where it stopped). Despite the method's name, IIS documents
    /// TRUE as "more notifications are pending".
    public func hasPendingNotifications(after status: NotificationStatus) -> Bool {
        var slot = self.slot
        var cursor = moduleCursor
        if status == .finishRequest {
            slot = slot < Self.logSlot ? Self.logSlot : slot < Self.endSlot ? Self.endSlot : Self.doneSlot
            cursor = 0
        }
        while slot < Self.doneSlot {
            let notification = ModuleChain.notification(forSlot: slot)
            let list = modules(for: notification)
            if cursor < list.count, list[cursor...].contains(where: { !isDisabled($0, notification) }) { return true }
            slot += 1
            cursor = 0
        }
        return false
    }
}
