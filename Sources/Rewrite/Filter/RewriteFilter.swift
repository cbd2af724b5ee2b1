import Logging
import Pipeline

/// The URL-rewrite filter, written against the project's Swift filter API (the only file that
/// depends on it, with `FilterEnvironment` and `RequestRecord`).
///
/// IIRF and mod_rewrite rules (the IIS URL Rewrite module's run in `IISRewriteModule`).
///
/// * AUTH_COMPLETE (as IIRF): evaluate the site's rules; a rewrite sets the `url` header so later
///   stages see (and map) the new URL; a redirect answers `3xx` with an absolute `Location` and
///   FINISHED_KEEP_CONN; `[F]`/`[NF]`/`[G]` answer 403/404/410; a loop past the limit answers 500
///   and is logged.
/// * SEND_RESPONSE: mod_rewrite `[T=type]` sets Content-Type.
/// * LOG: IIRF `[U]` logs the original URL.
///
/// Rules come from one file per site, reloaded when it changes; requests in flight keep the rule
/// set they started with.
public final class RewriteFilter: HttpFilter {
    public let rules: ReloadingRuleSet
    public let priority: FilterPriority
    private let logger: Logger
    private let evaluators = EvaluatorPool()

    public init(rules: ReloadingRuleSet, priority: FilterPriority = .high,
                logger: Logger = Logger(label: "isapi-bridge.rewrite")) {
        self.rules = rules
        self.priority = priority
        self.logger = logger
    }

    /// The filter for `rulesFile` in `dialect`, checking the file for changes at most once per
    /// `checkInterval`.
    public convenience init(rulesFile: String, dialect: Dialect, checkInterval: Duration = .seconds(1),
                            priority: FilterPriority = .high, logger: Logger = Logger(label: "isapi-bridge.rewrite")) {
        self.init(rules: ReloadingRuleSet(path: rulesFile, dialect: dialect, checkInterval: checkInterval, logger: logger),
                  priority: priority, logger: logger)
    }

    public func filterVersion(serverRevision: UInt32) throws(Win32Error) -> FilterVersion {
        let order: FilterNotifications = switch priority {
        case .high: .orderHigh
        case .medium: .orderMedium
        case .low: .orderLow
        }
        return FilterVersion(description: "isapi-bridge URL rewrite (IIRF / mod_rewrite rules)",
                             flags: [.securePort, .nonSecurePort, .authComplete, .sendResponse, .log, order])
    }

    public func httpFilterProc(_ context: FilterContext, _ notification: FilterNotification) -> FilterStatus {
        switch notification {
        case .authComplete(let headers):
            return rewrite(context, headers)
        case .sendResponse(let headers):
            if let type = slot(context).record(for: context.request)?.contentType {
                try? headers.setHeader("Content-Type:", type)
            }
        case .log(let log):
            if let record = slot(context).record(for: context.request), let path = record.originalPath {
                log.target = path
                log.parameters = record.originalQuery ?? ""
                if let method = record.originalMethod { log.operation = method }
            }
        default:
            break
        }
        return .nextNotification
    }

    private func slot(_ context: FilterContext) -> ConnectionSlot {
        if let slot = context.object as? ConnectionSlot { return slot }
        let slot = ConnectionSlot()
        context.object = slot
        return slot
    }

    private func rewrite(_ context: FilterContext, _ headers: FilterHeaders) -> FilterStatus {
        let ruleSet = rules.current()
        guard ruleSet.isActive, let request = context.request else { return .nextNotification }
        let environment = FilterEnvironment(context: context, headers: headers)
        // The `url` header as a filter reads it, without a header-name parse.
        let received = request.request.target
        let target = Self.requestTarget(request, dialect: ruleSet.dialect)
        return evaluators.withEvaluator { evaluator in
            let decision = evaluator.evaluate(ruleSet, request: RewriteRequest(target: target, decodeURL: ruleSet.decodesURL),
                                              environment: environment)
            remember(evaluator, decision: decision, received: received, request: request, context: context, headers: headers)
            return act(on: decision, evaluator: evaluator, target: target, ruleSet: ruleSet, context: context,
                       headers: headers, environment: environment)
        }
    }

    /// Rules match the canonical request path (docs/security.md), so every spelling of a URL meets
    /// the same rules as the handler that serves it. IIRF adds QUERY_STRING to the path; mod_rewrite
    /// takes the canonical target with its query.
    private static func requestTarget(_ context: HttpContext, dialect: Dialect) -> String {
        guard dialect == .iirf else { return context.request.canonicalTarget }
        let path = context.request.canonicalPath.encoded
        let query = context.serverVariable("QUERY_STRING") ?? ""
        return query.isEmpty ? path : path + "?" + query
    }

    private func remember(_ evaluator: RewriteEvaluator, decision: RewriteDecision, received target: String, request: HttpContext,
                          context: FilterContext, headers: FilterHeaders) {
        for (name, value) in evaluator.environmentAssignments {
            request.setServerVariable(name, value ?? "")
        }
        var original: (path: String, query: String?)?
        if evaluator.recordsOriginalURL {
            // IIRF logs the original URL, and on a rewrite sets X-Rewrite-Url (HTTP_X_REWRITE_URL)
            // to it, as received (before decoding).
            if decision == .rewritten { try? headers.setHeader("X-Rewrite-Url:", target) }
            let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            original = (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil)
        }
        let record = RequestRecord(contentType: evaluator.forcedContentType, originalPath: original?.path,
                                   originalQuery: original?.query, originalMethod: original == nil ? nil : request.request.method)
        let slot = slot(context)
        slot.requestID = request.requestID
        slot.record = record.store(in: request)
    }

    private func act(on decision: RewriteDecision, evaluator: RewriteEvaluator, target: String, ruleSet: RuleSet,
                     context: FilterContext, headers: FilterHeaders, environment: FilterEnvironment) -> FilterStatus {
        switch decision {
        case .unchanged:
            return .nextNotification
        case .rewritten:
            let url = ResponseText.acceptableURL(evaluator.resultURL)
            guard url != target else { return .nextNotification }
            do {
                try headers.setHeader("url", url)
            } catch {
                logger.error("rewrite of '\(target)' to '\(url)' refused by the server: \(error)")
                return answer(500, context: context)
            }
            return .nextNotification
        case .redirect(let status):
            let location = ResponseText.absoluteLocation(evaluator.resultURL, environment: environment)
            do {
                try context.sendResponseHeader(status: ResponseText.statusLine(status),
                                               headers: "Location: \(location)\r\nContent-Length: 0\r\n\r\n")
            } catch {
                logger.error("redirect of '\(target)' to '\(location)' could not be sent: \(error)")
                return .nextNotification
            }
            return .finishedKeepConnection
        case .respond(let status):
            return answer(status, context: context)
        case .abortRequest:
            // IIS URL Rewrite's AbortRequest: its rules run in `IISRewriteModule`, never here.
            return answer(500, context: context)
        case .loopLimitExceeded:
            logger.error("rewrite loop limit reached for '\(target)' with the rules of \(rules.path); answering 500")
            return answer(500, context: context)
        case .proxy:
            let settings = ruleSet.iirf
            let forward = ForwardTarget(
                url: evaluator.resultURL,
                reverseMappings: settings.proxyReverse.map { ReverseMapping(localPrefix: $0.local, upstreamPrefix: $0.upstream) },
                preserveHost: settings.proxyPreserveHost ? true : nil)
            guard let request = context.request, request.forward(to: forward) else {
                logger.warning("rule proxies '\(target)' to '\(evaluator.resultURL)', but this filter does not proxy; answering 502")
                return answer(502, context: context)
            }
            return .nextNotification
        case .statusInquiry:
            return statusPage(ruleSet, context: context)
        }
    }

    private func answer(_ status: Int, context: FilterContext) -> FilterStatus {
        do {
            try context.sendResponseHeader(status: ResponseText.statusLine(status), headers: "Content-Length: 0\r\n\r\n")
            return .finishedKeepConnection
        } catch {
            context.lastError = Win32Error(UInt32(status))
            return .error
        }
    }

    /// IIRF's status inquiry page: the rules file, what loaded and what did not.
    private func statusPage(_ ruleSet: RuleSet, context: FilterContext) -> FilterStatus {
        var body = "<html><head><title>Rewrite status</title></head><body><h1>Rewrite status</h1>\n"
        body += "<p>Rules file: \(Self.escapeHTML(rules.path)) (\(ruleSet.dialect)), loaded \(rules.generation) time(s)</p>\n"
        body += "<p>\(ruleSet.ruleCount) rules, \(ruleSet.warnings.count) warnings</p>\n<pre>\n"
        for warning in ruleSet.warnings { body += Self.escapeHTML(warning.description) + "\n" }
        body += "</pre></body></html>\n"
        let bytes = Array(body.utf8)
        do {
            try context.sendResponseHeader(status: "200 OK",
                                           headers: "Content-Type: text/html\r\nContent-Length: \(bytes.count)\r\nCache-Control: private,no-store,no-cache\r\n\r\n")
            try context.writeClient(bytes)
        } catch {
            return .nextNotification
        }
        return .finishedKeepConnection
    }

    private static func escapeHTML(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            default: result.append(character)
            }
        }
        return result
    }
}
