/// `REQUEST_NOTIFICATION_STATUS`: what a module's handler tells the pipeline.
public enum NotificationStatus: Int32, Sendable, CustomStringConvertible {
    /// Go on with the next module, then the post-event, then the next stage.
    case `continue` = 0
    /// An asynchronous operation is under way; nothing more runs for this request until it completes.
    case pending = 1
    /// Skip the rest of this stage and every later stage up to LogRequest and EndRequest, which run.
    case finishRequest = 2

    public var description: String {
        switch self {
        case .continue: "CONTINUE"
        case .pending: "PENDING"
        case .finishRequest: "FINISH_REQUEST"
        }
    }
}

/// `GLOBAL_NOTIFICATION_STATUS`.
public enum GlobalNotificationStatus: Int32, Sendable {
    /// Later global modules are notified too.
    case `continue` = 0
    /// This notification stops here.
    case handled = 1
}
