import ISAPIHeaders

/// The `HSE_REQ_*` codes `ServerSupportFunction` answers (values as httpext.h defines them).
/// Any other code is FALSE with `ERROR_NOT_SUPPORTED`, among them `HSE_REQ_EXEC_URL` and
/// `HSE_REQ_GET_EXEC_URL_STATUS` (docs/porting-extensions.md says why).
enum ExtensionSupportRequest: DWORD {
    case sendURLRedirect = 1            // HSE_REQ_SEND_URL_REDIRECT_RESP
    case sendURL = 2                    // HSE_REQ_SEND_URL
    case sendResponseHeader = 3         // HSE_REQ_SEND_RESPONSE_HEADER
    case doneWithSession = 4            // HSE_REQ_DONE_WITH_SESSION
    case mapURLToPath = 1001            // HSE_REQ_MAP_URL_TO_PATH
    case appendLogParameter = 1003      // HSE_APPEND_LOG_PARAMETER
    case ioCompletion = 1005            // HSE_REQ_IO_COMPLETION
    case transmitFile = 1006            // HSE_REQ_TRANSMIT_FILE
    case isKeepConnection = 1008        // HSE_REQ_IS_KEEP_CONN
    case asyncReadClient = 1010         // HSE_REQ_ASYNC_READ_CLIENT
    case getImpersonationToken = 1011   // HSE_REQ_GET_IMPERSONATION_TOKEN
    case mapURLToPathEx = 1012          // HSE_REQ_MAP_URL_TO_PATH_EX
    case abortiveClose = 1014           // HSE_REQ_ABORTIVE_CLOSE
    case sendResponseHeaderEx = 1016    // HSE_REQ_SEND_RESPONSE_HEADER_EX
    case closeConnection = 1017         // HSE_REQ_CLOSE_CONNECTION
    case isConnected = 1018             // HSE_REQ_IS_CONNECTED
    case isInProcess = 1030             // HSE_REQ_IS_IN_PROCESS
    case reportUnhealthy = 1032         // HSE_REQ_REPORT_UNHEALTHY
    case normalizeURL = 1033            // HSE_REQ_NORMALIZE_URL
    case vectorSend = 1037              // HSE_REQ_VECTOR_SEND
    case setFlushFlag = 1043            // HSE_REQ_SET_FLUSH_FLAG
}
