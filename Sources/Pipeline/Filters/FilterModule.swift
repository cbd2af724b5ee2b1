/// The filter bridge (IIS calls it IsapiFilterModule): one built-in module that raises the
/// filter notifications from pipeline stages, so filters and modules share one chain.
///
/// | filter notification | raised from |
/// |---|---|
/// | PREPROC_HEADERS | global PreBeginRequest, before any module's BeginRequest |
/// | AUTHENTICATION | AuthenticateRequest |
/// | AUTH_COMPLETE | PostAuthenticateRequest (a changed URL is mapped again: `mapChangedURL`) |
/// | URL_MAP | every MapPath |
/// | ACCESS_DENIED | SendResponse, when the status about to be sent is 401 |
/// | SEND_RESPONSE | SendResponse, when headers are about to go out |
/// | LOG | LogRequest |
/// | END_OF_REQUEST | EndRequest |
/// | END_OF_NET_SESSION | connection close, before the connection arena is freed |
///
/// READ_RAW_DATA and SEND_RAW_DATA run on the connection's bytes (`FilterSession+RawData`).
///
/// Stateless (the per-request state is the connection's `FilterSession`): one instance serves
/// every request, so a request allocates no module object for the bridge.
final class FilterModule: HttpModule, Sendable {
    static let name = "IsapiFilterModule"

    /// Subscribes only to the stages `chain`'s filters need, so a request pays nothing for the
    /// notifications no filter asked for. AuthenticateRequest (the request's Basic user),
    /// SendResponse (AddResponseHeaders lines, ACCESS_DENIED) and EndRequest (the end of the
    /// filters' request) always run.
    static func registration(for chain: FilterChain) -> ModuleRegistration {
        var stages: RequestNotifications = [.authenticateRequest, .endRequest, .sendResponse]
        var posts: RequestNotifications = []
        if chain.notifications.contains(.log) { stages.insert(.logRequest) }
        if chain.notifications.contains(.urlMap) { stages.insert(.mapPath) }
        if chain.notifications.contains(.authComplete) { posts.insert(.authenticateRequest) }
        let shared = FilterModule()
        var registration = ModuleRegistration(
            name: name, factory: ClosureModuleFactory { _ in shared },
            notifications: stages, postNotifications: posts, priority: .first)
        registration.readsRequestBody = false  // filters have no call that reads the request body
        return registration
    }

    func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        guard let session = context.connection.filterSession else { return .continue }
        switch (notification, provider) {
        case (.stage(.authenticateRequest, false), _):
            return context.runSuspendable(notification) { finish in authenticate(context, session, finish) }
        case (.stage(.authenticateRequest, true), _):
            let before = context.request.target
            return context.runSuspendable(notification) { finish in
                session.dispatchResumable(.authComplete(session.headers(.request, for: context))) { outcome, _ in
                    finish {
                        if session.apply(outcome, to: context) { return .finishRequest }
                        if context.request.target != before { context.mapChangedURL() }
                        return .continue
                    }
                }
            }
        case (.mapPath, .mapPath(let event)):
            let map = FilterURLMap(url: event.url, physicalPath: event.physicalPath,
                                   matchingPathLength: context.pipeline.site.physicalPath.utf8.count, matchingURLLength: 1)
            let outcome = session.dispatch(.urlMap(map))
            event.physicalPath = map.physicalPath
            if session.apply(outcome, to: context) { context.finishRequest() }
            return .continue
        case (.sendResponse, .sendResponse(let event)):
            if event.headersBeingSent && !context.response.rawOutputStarted { prepareHeaders(context, session) }
            return .continue
        case (.stage(.logRequest, false), _):
            let log = FilterLog(request: context)
            return context.runSuspendable(notification) { finish in
                session.dispatchResumable(.log(log)) { outcome, _ in
                    finish {
                        context.logRecord = log
                        return session.apply(outcome, to: context) ? .finishRequest : .continue
                    }
                }
            }
        case (.stage(.endRequest, false), _):
            return context.runSuspendable(notification) { finish in
                session.dispatchResumable(.endOfRequest) { outcome, _ in
                    finish {
                        _ = session.apply(outcome, to: context)
                        session.endRequest()
                        return .continue
                    }
                }
            }
        default:
            return .continue
        }
    }

    /// AUTHENTICATION with the Basic credentials the client sent (empty for anonymous). What the
    /// filters leave becomes the request's user; there is no operating-system logon.
    private func authenticate(_ context: HttpContext, _ session: FilterSession,
                              _ finish: @escaping (() throws -> NotificationStatus) -> Void) {
        let credentials = BasicCredentials(header: context.request.headers["Authorization"])
        guard session.chain.notifications.contains(.authentication) else {
            // No filter to tell: the request's user is the one the client sent, as below.
            if let credentials, !credentials.user.isEmpty {
                context.user = HttpUser(name: credentials.user, authenticationType: "Basic", password: credentials.password)
            } else if credentials == nil {
                context.user = nil
            }
            return finish { .continue }
        }
        let authent = FilterAuthentication(user: credentials?.user ?? "", password: credentials?.password ?? "")
        session.dispatchResumable(.authentication(authent)) { outcome, _ in
            finish {
                if !authent.user.isEmpty {
                    context.user = HttpUser(name: authent.user, authenticationType: "Basic", password: authent.password)
                } else if credentials == nil {
                    context.user = nil
                }
                return session.apply(outcome, to: context) ? .finishRequest : .continue
            }
        }
    }

    /// Before the first send: AddResponseHeaders lines, ACCESS_DENIED and denial headers for a
    /// 401, then SEND_RESPONSE.
    private func prepareHeaders(_ context: HttpContext, _ session: FilterSession) {
        let response = context.response
        for (name, value) in session.pendingResponseHeaders { response.headers.add(name, value) }
        session.pendingResponseHeaders.removeAll()
        if response.status == 401 {
            let denied = FilterAccessDenied(url: context.request.path,
                                            physicalPath: context.physicalPath ?? context.mapPath(context.request.path),
                                            reason: .application)
            let outcome = session.dispatch(.accessDenied(denied))
            if case .finished(let keepConnection) = outcome {
                if !keepConnection { context.connection.closeAfterCurrentResponse = true }
                response.rawOutputStarted = true
                return
            }
            for (name, value) in session.denialHeaders { response.headers.add(name, value) }
        }
        session.raiseSendResponse(context)
    }
}

/// The user and password of an `Authorization: Basic` header.
struct BasicCredentials: Equatable {
    let user: String
    let password: String

    init?(header: String?) {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Base64.decode(header.dropFirst(6).trimmingCharacters(in: " ")) else { return nil }
        let text = String(decoding: decoded, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        user = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
    }
}

/// Base64 decoding for Basic credentials (no Foundation in this layer).
enum Base64 {
    static func decode(_ text: Substring) -> [UInt8]? {
        var table = [UInt8](repeating: 255, count: 256)
        for (index, char) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(char)] = UInt8(index)
        }
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for char in text.utf8 where char != UInt8(ascii: "=") {
            let value = table[Int(char)]
            guard value != 255 else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }
}

extension FilterLog {
    /// The entry IIS would log for `context`, before filters edit it.
    public convenience init(request context: HttpContext) {
        let elapsed = context.elapsed.components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        self.init(
            clientHostName: context.connection.info.remoteAddress,
            clientUserName: context.user?.name ?? "",
            serverName: context.connection.info.localAddress,
            operation: context.request.method,
            target: context.loggedURL?.path ?? context.request.path,
            parameters: context.loggedURL?.query ?? context.request.query,
            httpStatus: UInt32(clamping: context.response.status),
            win32Status: 0,
            bytesSent: UInt32(clamping: context.response.sentByteCount),
            bytesReceived: UInt32(clamping: context.request.bodyBytesReceived),
            timeForProcessing: UInt32(clamping: milliseconds))
    }
}
