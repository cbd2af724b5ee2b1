/// The global half of the filter bridge: PREPROC_HEADERS at PreBeginRequest and
/// END_OF_NET_SESSION at connection close.
final class FilterBridgeGlobal: GlobalModule {
    static func registration() -> GlobalModuleRegistration {
        GlobalModuleRegistration(name: FilterModule.name, module: FilterBridgeGlobal(),
                                 notifications: [.preBeginRequest, .connectionClose], priority: .first)
    }

    func preBeginRequest(context: HttpContext) -> GlobalNotificationStatus {
        guard let session = context.connection.filterSession else { return .continue }
        session.beginRequest(context)
        let outcome = session.dispatch(.preprocHeaders(session.headers(.request, for: context)))
        if session.apply(outcome, to: context) { context.finishRequest() }
        return .continue
    }

    func connectionClosed(_ connection: PipelineConnection) -> GlobalNotificationStatus {
        connection.filterSession?.endSession()
        return .continue
    }
}
