import Testing
@testable import Pipeline
import TestSupport

@Suite struct StageOrderTests {
    @Test func everyStageAndPostEventRunsInIISOrder() {
        let log = EventLog()
        let pipeline = makePipeline([recordingModule("M", log: log, notifications: .allStages, post: .allStages)])
        let driver = InProcessDriver(pipeline: pipeline)
        let response = driver.send(IncomingRequest(target: "/x"))
        #expect(response?.status == 200)
        let expected = RequestStage.allCases.flatMap { ["M:\($0)", "M:Post\($0)"] } + ["M:dispose"]
        #expect(log.all == expected)
    }

    @Test func priorityOrdersModulesAndTiesKeepRegistrationOrder() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("low", log: log, notifications: .beginRequest, priority: .low),
            recordingModule("medium1", log: log, notifications: .beginRequest),
            recordingModule("first", log: log, notifications: .beginRequest, priority: .first),
            recordingModule("medium2", log: log, notifications: .beginRequest),
            recordingModule("last", log: log, notifications: .beginRequest, priority: .last),
            recordingModule("high", log: log, notifications: .beginRequest, priority: .high),
        ])
        InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(log.all.filter { !$0.hasSuffix("dispose") }.map { String($0.split(separator: ":")[0]) }
                == ["first", "high", "medium1", "medium2", "low", "last"])
    }

    @Test func sendResponseRunsInReversePriorityOrder() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("high", log: log, notifications: .sendResponse, priority: .high),
            recordingModule("first", log: log, notifications: .sendResponse, priority: .first),
            recordingModule("low", log: log, notifications: .sendResponse, priority: .low),
        ])
        InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(log.all.filter { $0.hasSuffix("SendResponse") } == ["low:SendResponse", "high:SendResponse", "first:SendResponse"])
    }

    @Test func perNotificationPriorityOverridesTheDefault() {
        let log = EventLog()
        var late = recordingModule("late", log: log, notifications: [.beginRequest, .endRequest])
        late.setPriority(.last, for: .beginRequest)
        let pipeline = makePipeline([late, recordingModule("other", log: log, notifications: [.beginRequest, .endRequest])])
        InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(log.all.filter { !$0.hasSuffix("dispose") }
                == ["other:BeginRequest", "late:BeginRequest", "late:EndRequest", "other:EndRequest"])
    }

    @Test func finishRequestSkipsToLogAndEndRequest() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("A", log: log, notifications: .allStages, post: .allStages) { notification, context in
                if notification == .stage(.authenticateRequest, isPost: false) {
                    context.response.setStatus(401)
                    return .finishRequest
                }
                return .continue
            },
            recordingModule("B", log: log, notifications: .allStages),
        ])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(response?.status == 401)
        #expect(log.all == [
            "A:BeginRequest", "B:BeginRequest", "A:PostBeginRequest",
            "A:AuthenticateRequest",
            "A:LogRequest", "B:LogRequest", "A:PostLogRequest",
            "A:EndRequest", "B:EndRequest", "A:PostEndRequest",
            "A:dispose", "B:dispose",
        ])
    }

    @Test func finishRequestInsideLogRequestSkipsToEndRequest() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("A", log: log, notifications: [.logRequest, .endRequest], post: [.logRequest]) { notification, _ in
                notification == .stage(.logRequest, isPost: false) ? .finishRequest : .continue
            },
            recordingModule("B", log: log, notifications: [.logRequest, .endRequest]),
        ])
        InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(log.all.filter { !$0.hasSuffix("dispose") } == ["A:LogRequest", "A:EndRequest", "B:EndRequest"])
    }

    @Test func aThrowingModuleAnswers500AndStillLogsAndEnds() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("Broken", log: log, notifications: [.executeRequestHandler, .logRequest, .endRequest]) { notification, _ in
                if notification == .stage(.executeRequestHandler, isPost: false) { throw TestFailure() }
                return .continue
            },
        ])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(response?.status == 500)
        #expect(response?.bodyText.contains("Broken") == true)
        #expect(log.all == ["Broken:ExecuteRequestHandler", "Broken:LogRequest", "Broken:EndRequest", "Broken:dispose"])
    }

    @Test func theResponseIsSentBeforeLogRequest() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("M", log: log, notifications: [.executeRequestHandler, .sendResponse, .logRequest]) { notification, context in
                if notification == .stage(.executeRequestHandler, isPost: false) { context.response.write("hi") }
                return .continue
            },
        ])
        let response = InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(response?.bodyText == "hi")
        #expect(response?.header("Content-Length") == "2")
        #expect(log.all == ["M:ExecuteRequestHandler", "M:SendResponse", "M:LogRequest", "M:dispose"])
    }

    @Test func handlerMappingSelectsWhichModulesExecuteTheRequest() {
        let log = EventLog()
        let answer: @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus = { _, context in
            context.response.write(context.currentModuleName ?? "?")
            return .continue
        }
        let pipeline = makePipeline(
            [recordingModule("Static", log: log, notifications: .executeRequestHandler, decide: answer),
             recordingModule("Script", log: log, notifications: .executeRequestHandler, decide: answer)],
            handlers: [HandlerMapping(name: "scripts", path: "*.asp", modules: ["Script"]),
                       HandlerMapping(name: "files", path: "*", verb: "GET,HEAD", modules: ["Static"])])
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(IncomingRequest(target: "/default.asp?x=1"))?.bodyText == "Script")
        #expect(driver.send(IncomingRequest(target: "/a.txt"))?.bodyText == "Static")
        // A mapping has the path but not the method: 405 with the methods that would be served.
        let post = driver.send(IncomingRequest(method: "POST", target: "/a.txt"))
        #expect(post?.status == 405)
        #expect(post?.header("Allow") == "GET, HEAD")
        #expect(post?.bodyText.hasPrefix("405 Method Not Allowed: POST is not allowed here") == true, "no handler module ran")
    }

    @Test func handlerPathsMatchWithoutRegardToCase() {
        let answer: @Sendable (RequestNotification, HttpContext) throws -> NotificationStatus = { _, context in
            context.response.write(context.currentModuleName ?? "?")
            return .continue
        }
        let modules = ["Exact", "Segment", "Suffix", "Accent"].map {
            recordingModule($0, log: EventLog(), notifications: .executeRequestHandler, decide: answer)
        }
        let pipeline = makePipeline(modules, handlers: [
            HandlerMapping(name: "exact", path: "/App/Hello", verb: "get", modules: ["Exact"]),
            HandlerMapping(name: "segment", path: "Index.HTML", modules: ["Segment"]),
            HandlerMapping(name: "suffix", path: "*.ASPX", modules: ["Suffix"]),
            HandlerMapping(name: "accent", path: "/Ça", modules: ["Accent"]),
        ])
        let driver = InProcessDriver(pipeline: pipeline)
        #expect(driver.send(IncomingRequest(target: "/app/hello"))?.bodyText == "Exact")
        #expect(driver.send(IncomingRequest(target: "/APP/HELLO?x=1"))?.bodyText == "Exact")
        #expect(driver.send(IncomingRequest(target: "/app/hello/more"))?.status == 404, "an exact path is the whole path")
        #expect(driver.send(IncomingRequest(target: "/a/b/index.html"))?.bodyText == "Segment")
        #expect(driver.send(IncomingRequest(target: "/index.htm"))?.status == 404)
        #expect(driver.send(IncomingRequest(target: "/x/Page.aspx"))?.bodyText == "Suffix")
        #expect(driver.send(IncomingRequest(target: "/%C3%A7a"))?.bodyText == "Accent", "non-ASCII paths compare lower-cased too")
        #expect(driver.send(IncomingRequest(method: "POST", target: "/app/hello"))?.status == 405)
    }

    @Test func noMatchingHandlerMappingIs404Point4() {
        let pipeline = makePipeline([], handlers: [HandlerMapping(name: "scripts", path: "*.asp", modules: ["Script"])])
        let driver = InProcessDriver(pipeline: pipeline)
        let response = driver.send(IncomingRequest(target: "/a.txt"))
        #expect(response?.status == 404)
        #expect(response?.bodyText.contains("no <handlers> entry matches") == true)
    }

    @Test func disableNotificationsAffectsOnlyTheCallingModuleAndOnlyThisRequest() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("Quiet", log: log, notifications: [.beginRequest, .authorizeRequest]) { notification, context in
                if notification == .stage(.beginRequest, isPost: false) { context.disableNotifications(.authorizeRequest) }
                return .continue
            },
            recordingModule("Loud", log: log, notifications: [.authorizeRequest]),
        ])
        let driver = InProcessDriver(pipeline: pipeline)
        driver.send(IncomingRequest(target: "/"))
        driver.send(IncomingRequest(target: "/"))
        #expect(log.all.filter { !$0.hasSuffix("dispose") }
                == ["Quiet:BeginRequest", "Loud:AuthorizeRequest", "Quiet:BeginRequest", "Loud:AuthorizeRequest"])
    }

    @Test func disablingTheCurrentEventAlsoSkipsItsPendingPostEvent() {
        let log = EventLog()
        let pipeline = makePipeline([
            recordingModule("Quiet", log: log, notifications: [.beginRequest, .authorizeRequest],
                            post: [.beginRequest, .authorizeRequest]) { notification, context in
                if notification == .stage(.beginRequest, isPost: false) { context.disableNotifications(.beginRequest) }
                return .continue
            },
        ])
        InProcessDriver(pipeline: pipeline).send(IncomingRequest(target: "/"))
        #expect(log.all.filter { !$0.hasSuffix("dispose") }
                == ["Quiet:BeginRequest", "Quiet:AuthorizeRequest", "Quiet:PostAuthorizeRequest"])
    }
}
