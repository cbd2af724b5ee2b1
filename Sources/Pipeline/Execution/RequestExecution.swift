import Logging

/// The stage machine: runs modules slot by slot (stage, post-stage), honours CONTINUE,
/// FINISH_REQUEST and PENDING, and sends the buffered response before LogRequest.
///
/// Slots 0..23 are the 12 stages and their post-events; `slot == 24` means every stage ran.
extension HttpContext {
    static let logSlot = RequestStage.logRequest.rawValue * 2
    static let endSlot = RequestStage.endRequest.rawValue * 2
    static let doneSlot = 24

    /// A handle to resume this request after returning PENDING. Make it before returning PENDING.
    public func makeCompletionHandle() -> CompletionHandle {
        completionGeneration += 1
        return CompletionHandle(context: self, executor: connection.executor, generation: completionGeneration)
    }

    func start() {
        trace?.method = request.method
        trace?.url = request.target
        runPreBeginRequest(from: 0)
    }

    /// Global PreBeginRequest from the `first` global on. A global that waits for the blocking-call
    /// pool (the filter bridge's pooled PREPROC_HEADERS) suspends the walk and resumes it later.
    private func runPreBeginRequest(from first: Int) {
        let globals = pipeline.globalModules
        var index = first
        while index < globals.count {
            let registration = globals[index]
            index += 1
            guard registration.notifications.contains(.preBeginRequest) else { continue }
            let begin = ContinuousClock.now
            let status = registration.module.preBeginRequest(context: self)
            if globalChainSuspended {
                globalChainSuspended = false
                globalChainResumesAt = index
                return
            }
            trace?.record(.global, name: registration.name, notification: "GL_PRE_BEGIN_REQUEST",
                          result: status == .handled ? "HANDLED" : "CONTINUE", duration: ContinuousClock.now - begin)
            if status == .handled { break }
        }
        beginStages()
    }

    /// A PreBeginRequest global will call `resumeGlobalChain()` later, on the executor.
    func suspendGlobalChain() { globalChainSuspended = true }

    func resumeGlobalChain() {
        guard let next = globalChainResumesAt else { return }
        globalChainResumesAt = nil
        runPreBeginRequest(from: next)
    }

    private func beginStages() {
        slot = finishRequested ? Self.logSlot : 0
        // Request filtering runs where IIS's RequestFilteringModule does, at BeginRequest: after
        // PreBeginRequest, so filters have seen PREPROC_HEADERS (and set up their pFilterContext)
        // for every request they will later see LOG and END_OF_REQUEST for, and a URL a filter
        // rewrote there is the one judged.
        // The directory's settings are looked up once, here, and kept (again only if the URL changes).
        lookUpDirectory()
        if let stream = request.bodyStream {
            stream.limit(to: min(rules.requestFiltering.maxAllowedContentLength, rules.requestFiltering.maxRequestEntityAllowed))
        }
        if slot == 0, let refusal = rules.refusal(for: request) {
            refuse(refusal)
        }
        filteredURLGeneration = request.urlGeneration
        advance()
    }

    /// Runs until the request completes or a module leaves it PENDING.
    func advance() {
        stages: while slot < Self.doneSlot {
            if slot == Self.logSlot && !responseEnded { endResponse() }
            if slot >= Self.logSlot && connection.isSendingRawOutput {
                // The final send waits for the client (a file through SEND_RAW_DATA filters):
                // LogRequest runs once the body is out, or the client is gone.
                connection.awaitRawOutput()
                return
            }
            let notification = ModuleChain.notification(forSlot: slot)
            let list = modules(for: notification)
            while moduleCursor < list.count {
                let module = list[moduleCursor]
                moduleCursor += 1
                if isDisabled(module, notification) || rules.isRemoved(module) { continue }
                if requestHandled && notification == .stage(.executeRequestHandler, isPost: false) { break }
                if slot < Self.logSlot, let refusal = refusalOfChangedURL() {
                    refuse(refusal)
                    continue stages
                }
                if mustAwaitBody(before: module, notification) {
                    moduleCursor -= 1
                    awaitBody()
                    return
                }
                var status = invoke(module, notification, provider: .none)
                if finishRequested {
                    finishRequested = false
                    if status == .continue { status = .finishRequest }
                }
                switch status {
                case .continue:
                    continue
                case .pending:
                    pending = PendingNotification(module: module, notification: notification, generation: completionGeneration)
                    return
                case .finishRequest:
                    skipPastFinishedStage()
                    continue stages
                }
            }
            if slot == RequestStage.mapRequestHandler.rawValue * 2, let refusal = chooseHandler() {
                refuse(refusal)
                continue stages
            }
            // As on IIS, an authenticated-as-nobody request has an anonymous user (empty name) from
            // PostAuthenticateRequest on; before authentication there is no user.
            if slot == RequestStage.authenticateRequest.rawValue * 2 && user == nil { user = .anonymous }
            slot += 1
            moduleCursor = 0
        }
        complete()
    }

    /// FINISH_REQUEST: from stages 1-10 skip to LogRequest; from LogRequest to EndRequest; from
    /// EndRequest to the end. The post-event of the finishing stage is skipped too.
    func skipPastFinishedStage() {
        if slot < Self.logSlot {
            slot = Self.logSlot
        } else if slot < Self.endSlot {
            slot = Self.endSlot
        } else {
            slot = Self.doneSlot
        }
        moduleCursor = 0
    }

    func modules(for notification: RequestNotification) -> [Int] {
        if notification == .stage(.executeRequestHandler, isPost: false), let executeList { return executeList }
        return pipeline.chain.modules(for: notification)
    }

    func isDisabled(_ module: Int, _ notification: RequestNotification) -> Bool {
        guard !disabled.isEmpty, let mask = disabled[module] else { return false }
        return (notification.isPost ? mask.posts : mask.stages).contains(notification.bit)
    }

    /// With handler mappings configured, only the first matching entry's modules execute the request.
    /// No match answers as IIS does: 405 when an entry has the path but not the method, else 404.4
    /// (unless a module already handled the request).
    private func chooseHandler() -> RequestRefusal? {
        // A request a rewrite rule forwards goes to the forwarding module alone (as ARR takes over
        // a request URL Rewrite sent to an absolute URL).
        if forwardTarget != nil, let forwarding = pipeline.forwardingModule {
            executeList = [forwarding]
            return nil
        }
        let routes = rules.handlerRoutes
        guard !routes.isEmpty else { return nil }
        let path = request.path, method = request.method
        guard let route = routes.first(where: { $0.matches(path: path, method: method) }) else {
            executeList = []
            guard !requestHandled else { return nil }
            var allowed: [String] = []
            for route in routes where route.matches(path: path) {
                for method in route.methods where !allowed.contains(method) { allowed.append(method) }
            }
            return allowed.isEmpty ? .noHandler : .methodNotAllowed(method: method, allowed: allowed)
        }
        handler = route.mapping
        executeList = route.executeList
        // A module the directory removed cannot execute its handler: IIS's 500.21 ("bad module").
        if let removed = route.executeList.first(where: rules.isRemoved) {
            executeList = []
            return .removedHandlerModule(handler: route.mapping.name, module: pipeline.modules[removed].name)
        }
        return nil
    }

    /// Calls one module, creating its instance for this request on first use. A thrown error or a
    /// failing factory becomes a 500 and FINISH_REQUEST.
    func invoke(_ module: Int, _ notification: RequestNotification, provider: EventProvider) -> NotificationStatus {
        // The registration's fields are read where needed: a copy of the whole registration (its
        // name, factory and priority tables retained and released) cost every call.
        let begin = trace != nil ? ContinuousClock.now : nil
        let previous = currentModule
        currentModule = module
        defer { currentModule = previous }
        let status: NotificationStatus
        do {
            let instance = try connection.instance(of: module, for: self)
            status = try instance.handle(notification, context: self, provider: provider)
        } catch {
            fail(module: pipeline.modules[module].name, notification: notification, error: error)
            status = .finishRequest
        }
        if let begin, !suspendedOnPool {
            trace?.record(.module, name: pipeline.modules[module].name, notification: notification.description,
                          result: status.description, duration: ContinuousClock.now - begin)
        }
        suspendedOnPool = false
        return status
    }

    func fail(module: String, notification: RequestNotification, error: any Error) {
        pipeline.logger.error("module '\(module)' failed in \(notification): \(error)",
                              metadata: ["request": "\(requestID)", "url": "\(request.target)"])
        if !response.headersSent {
            response.clear()
            response.setStatus(500)
            response.write("500 Internal Server Error: module '\(module)' failed in \(notification).\n")
            response.headers.set("Content-Type", "text/plain; charset=utf-8")
        }
    }

    /// SendResponse and similar events: every subscribed module, in chain order; their statuses
    /// do not stop the request (FINISH_REQUEST only ends the event's own chain).
    func dispatchNonDeterministic(_ notification: RequestNotification, provider: EventProvider) {
        for module in pipeline.chain.modules(for: notification) where !rules.isRemoved(module) {
            let status = invoke(module, notification, provider: provider)
            if status == .pending {
                pipeline.logger.warning(
                    "module '\(pipeline.modules[module].name)' returned PENDING from \(notification), which cannot be pending; treated as CONTINUE")
            }
            if status == .finishRequest { break }
        }
    }

    /// Delivers a completion for the PENDING notification (on the connection's executor).
    func resume(_ completion: PendingCompletion, generation: UInt64) {
        // The pool thread that owns the parked connection goes on with the request itself.
        guard !connection.isParked || connection.isOwnedByThisThread else {
            return connection.whenUnparked { self.resume(completion, generation: generation) }
        }
        guard let waiting = pending, waiting.generation == generation else {
            pipeline.logger.error("completion for request \(requestID) arrived while nothing was pending; ignored")
            return
        }
        pending = nil
        let status: NotificationStatus
        switch completion {
        case .indicate(let given):
            status = given
        case .post(let info):
            let previous = currentModule
            currentModule = waiting.module
            do {
                let instance = try connection.instance(of: waiting.module, for: self)
                status = try instance.handleAsyncCompletion(waiting.notification, context: self, completion: info)
            } catch {
                fail(module: pipeline.modules[waiting.module].name, notification: waiting.notification, error: error)
                currentModule = previous
                skipPastFinishedStage()
                advance()
                return
            }
            currentModule = previous
        }
        switch status {
        case .continue:
            break
        case .pending:
            pending = PendingNotification(module: waiting.module, notification: waiting.notification, generation: completionGeneration)
            return
        case .finishRequest:
            skipPastFinishedStage()
        }
        advance()
    }

    /// Sends whatever the response holds. The first send carries the status line and headers and
    /// raises SendResponse with `headersBeingSent`.
    func flushResponse(isFinal: Bool) {
        guard !responseEnded else { return }
        let event = SendResponseEvent(headersBeingSent: !response.headersSent, isFinal: isFinal,
                                      flags: isFinal ? 0 : SendResponseEvent.moreDataFlag)
        dispatchNonDeterministic(.sendResponse, provider: .sendResponse(event))
        if event.flags & SendResponseEvent.disconnectFlag != 0 { response.needsDisconnect = true }
        if response.rawOutputStarted {
            // A filter framed the response itself; what modules buffered follows as it is.
            response.headersSent = true
            for part in response.takeBufferedBody() {
                switch part {
                case .bytes(let chunk): connection.writeRaw(chunk)
                case .file(let file): connection.writeRawFile(file)
                }
            }
            return
        }
        if !response.headersSent {
            response.headersSent = true
            let length: Int? = isFinal ? response.bufferedByteCount : nil
            connection.sendHead(for: self, contentLength: length)
        }
        for part in response.takeBufferedBody() {
            switch part {
            case .bytes(let chunk): connection.sendBody(chunk)
            case .file(let file): connection.sendFile(file)
            }
        }
    }

    /// The final send: flush, then end the HTTP message so the client has it before logging runs.
    func endResponse() {
        flushResponse(isFinal: true)
        responseEnded = true
        connection.endResponse(keepAlive: connection.keepAlive(after: self))
    }

    /// After EndRequest: dispose modules, clean request storage, release request memory.
    private func complete() {
        if !responseEnded { endResponse() }
        if connection.isSendingRawOutput {
            connection.awaitRawOutput()
            return
        }
        trace?.status = response.status
        if pipeline.threadCleanupSubscribed {
            let site = pipeline.site
            pipeline.notifyGlobal(.threadCleanup) { $0.threadCleanup(site) }
        }
        connection.requestCompleted(self)
    }
}
