/// Answers for requests the pipeline refuses itself (request filtering, methods, handler
/// mapping): IIS's status and substatus, a short text naming what to change, then straight to
/// LogRequest and EndRequest so the refusal is logged like any request.
extension HttpContext {
    /// Sets the refusal's response and skips to LogRequest.
    func refuse(_ refusal: RequestRefusal) {
        pipeline.logger.info("\(refusal.status).\(refusal.subStatus) for \(request.method) \(request.target): \(refusal)",
                             metadata: ["request": "\(requestID)"])
        if !response.headersSent {
            response.clear()
            response.setStatus(refusal.status, subStatus: refusal.subStatus)
            response.headers.set("Content-Type", "text/plain; charset=utf-8")
            if let allow = refusal.allowHeader { response.headers.set("Allow", allow) }
            response.write("\(refusal.status) \(response.reason): \(refusal).\n")
        }
        if refusal.closesConnection { response.needsDisconnect = true }
        slot = Self.logSlot
        moduleCursor = 0
    }

    /// When a filter or module changed the URL since the last check, the URL checks of request
    /// filtering run again on the new canonical path.
    func refusalOfChangedURL() -> RequestRefusal? {
        guard request.urlGeneration != filteredURLGeneration else { return nil }
        filteredURLGeneration = request.urlGeneration
        lookUpDirectory()
        let rawPath = PercentEncoding.split(target: request.target).path
        return rules.urlRefusal(for: request.canonicalPath, rawPath: rawPath, method: request.method)
    }

    /// The settings of the current URL's directory, from the site's `DirectoryPolicyProvider`.
    func lookUpDirectory() {
        guard let directories = pipeline.directories else { return }
        let policy = directories.policy(for: request.path)
        directoryPolicy = policy
        rules = policy?.rules(for: pipeline) ?? pipeline.siteRules
    }
}
