import Logging
import Pipeline

/// The IIS URL Rewrite module for one directory's configuration: the inbound rules of every level
/// from the server down to the directory, compiled once (the directory's configuration is cached
/// with them), and its outbound rules.
///
/// * BeginRequest (where IIS runs distributed rules): evaluate the inbound rules. A Rewrite calls
///   `setURL` (the pipeline maps the new URL, and request filtering checks it again); Redirect,
///   CustomResponse, AbortRequest and a reverse-proxy target answer and finish the request.
/// * SendResponse: outbound rules rewrite response headers and HTML attribute values
///   (`OutboundRewriter`).
///
/// Shared by every request of the directory, on every thread: it holds no request state.
public final class IISRewriteModule: HttpModule, Sendable {
    public static let name = "RewriteModule"

    public let inbound: RuleSet
    public let outbound: OutboundRuleSet
    private let logger: Logger
    /// Evaluators (and their match buffers) are shared by every directory's module of the
    /// process: a site with thousands of configured directories keeps at most the pool's 64 idle.
    private static let evaluators = EvaluatorPool()
    private var evaluators: EvaluatorPool { Self.evaluators }

    public init(inbound: RuleSet, outbound: OutboundRuleSet, logger: Logger = Logger(label: "isapi-bridge.rewrite")) {
        self.inbound = inbound
        self.outbound = outbound
        self.logger = logger
    }

    /// What the module registers for.
    public static let notifications: RequestNotifications = [.beginRequest, .sendResponse]

    public func handle(_ notification: RequestNotification, context: HttpContext, provider: EventProvider) throws -> NotificationStatus {
        switch notification {
        case .stage(.beginRequest, isPost: false) where inbound.ruleCount > 0:
            return rewrite(context)
        case .sendResponse where !outbound.isEmpty:
            guard case .sendResponse(let event) = provider else { return .continue }
            OutboundRewriter(rules: outbound, logger: logger, evaluators: evaluators)
                .rewrite(context, headersBeingSent: event.headersBeingSent, isFinal: event.isFinal)
            return .continue
        default:
            return .continue
        }
    }

    private func rewrite(_ context: HttpContext) -> NotificationStatus {
        let environment = ModuleEnvironment(context: context)
        let request = context.request
        let target = request.canonicalTarget
        return evaluators.withEvaluator { evaluator in
            let decision = evaluator.evaluate(inbound, request: RewriteRequest(target: target, decodeURL: true), environment: environment)
            for (name, value) in evaluator.environmentAssignments {
                context.setServerVariable(name, value ?? "")
                // Setting HTTP_X_NAME sets the request header X-NAME, as in IIS.
                if name.hasPrefix("HTTP_"), name.count > 5 {
                    request.headers.set(String(name.dropFirst(5).map { $0 == "_" ? "-" : $0 }), value ?? "")
                }
            }
            return act(on: decision, evaluator: evaluator, target: target, context: context, environment: environment)
        }
    }

    private func act(on decision: RewriteDecision, evaluator: RewriteEvaluator, target: String, context: HttpContext,
                     environment: ModuleEnvironment) -> NotificationStatus {
        let response = context.response
        switch decision {
        case .unchanged, .statusInquiry:
            return .continue
        case .rewritten:
            let url = ResponseText.acceptableURL(evaluator.resultURL)
            guard url != target else { return .continue }
            let received = (path: context.request.path, query: context.request.query)
            guard context.request.setURL(url) else {
                logger.error("rewrite of '\(target)' to '\(url)' refused: the new URL is not a valid path (bad escape, NUL or above the root); answering 500")
                return answer(500, context)
            }
            // IIS logs the URL as received unless a rule that applied says logRewrittenUrl.
            if !evaluator.logsRewrittenURL && context.loggedURL == nil { context.loggedURL = received }
            return .continue
        case .redirect(let status):
            let location = ResponseText.absoluteLocation(evaluator.resultURL, environment: environment)
            response.clear()
            response.setStatus(status)
            response.headers.set("Location", location)
            return .finishRequest
        case .respond(let status):
            guard let custom = evaluator.customResponse else { return answer(status, context) }
            let reason = custom.reason.filter { $0 != "\r" && $0 != "\n" }
            response.clear()
            response.setStatus(status, reason: reason.isEmpty ? nil : reason, subStatus: custom.subStatus)
            if !custom.description.isEmpty {
                response.headers.set("Content-Type", "text/plain; charset=utf-8")
                response.write(custom.description)
            }
            return .finishRequest
        case .abortRequest:
            logger.info("rewrite rule aborted the request for '\(target)' (AbortRequest): connection closed without an answer")
            response.resetConnection()
            return .finishRequest
        case .proxy:
            // As ARR does for URL Rewrite: the site's reverse proxy handler executes the request.
            if context.forward(to: ForwardTarget(url: evaluator.resultURL)) { return .continue }
            logger.error("rewrite rule sends '\(target)' to the absolute URL '\(evaluator.resultURL)', which needs a reverse proxy (IIS Application Request Routing); isapi-bridge does not proxy yet: answering 502")
            return answer(502, context)
        case .loopLimitExceeded:
            logger.error("rewrite loop limit reached for '\(target)'; answering 500")
            return answer(500, context)
        }
    }

    private func answer(_ status: Int, _ context: HttpContext) -> NotificationStatus {
        context.response.clear()
        context.response.setStatus(status)
        return .finishRequest
    }
}
