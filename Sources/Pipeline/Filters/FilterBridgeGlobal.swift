/// The global half of the filter bridge: PREPROC_HEADERS at PreBeginRequest and
/// END_OF_NET_SESSION at connection close.
final class FilterBridgeGlobal: GlobalModule {
    static func registration() -> GlobalModuleRegistration {
        var registration = GlobalModuleRegistration(name: FilterModule.name, module: FilterBridgeGlobal(),
                                                    notifications: [.preBeginRequest, .connectionClose], priority: .first)
        registration.readsRequestBody = false  // filters have no call that reads the request body
        return registration
    }

    func preBeginRequest(context: HttpContext) -> GlobalNotificationStatus {
        guard let session = context.connection.filterSession else { return .continue }
        session.beginRequest(context)
        var answered = false
        session.dispatchResumable(.preprocHeaders(session.headers(.request, for: context))) { outcome, resumed in
            answered = true
            if session.apply(outcome, to: context) { context.finishRequest() }
            if resumed { context.resumeGlobalChain() }
        }
        if !answered { context.suspendGlobalChain() }
        return .continue
    }

    func connectionClosed(_ connection: PipelineConnection) -> GlobalNotificationStatus {
        guard let session = connection.filterSession else { return .continue }
        var answered = false
        session.endSession { resumed in
            answered = true
            if resumed { connection.resumeCloseChain() }
        }
        if !answered { connection.suspendCloseChain() }
        return .continue
    }
}
