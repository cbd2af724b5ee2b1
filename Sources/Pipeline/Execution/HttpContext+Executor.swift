extension HttpContext {
    /// The executor this request runs on. Hosts of native code that calls back from threads of its
    /// own (ISAPI extensions after HSE_STATUS_PENDING) run those calls here, so the request is
    /// still touched from its executor only.
    package var executor: any ConnectionExecutor { connection.executor }
}
