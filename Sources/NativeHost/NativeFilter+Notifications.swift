import ISAPIHeaders
import ISAPIRuntime
import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Marshalling of each notification's payload into its C structure and back.
extension NativeFilter {
    /// One case per notification, with the C header's flag constants (no multi-pattern cases, no
    /// `notification.flag`): the payload is borrowed, not copied, on this path that runs for every
    /// notification.
    @inline(__always)
    func deliver(_ notification: FilterNotification, slot: NativeSlot) -> DWORD {
        switch notification {
        case .readRawData(let data):
            return deliverRawData(data, flag: DWORD(SF_NOTIFY_READ_RAW_DATA), slot: slot)
        case .preprocHeaders(let headers):
            return deliverHeaders(headers, flag: DWORD(SF_NOTIFY_PREPROC_HEADERS), slot: slot)
        case .authentication(let authent):
            return deliverAuthentication(authent, flag: DWORD(SF_NOTIFY_AUTHENTICATION), slot: slot)
        case .authComplete(let headers):
            return deliverAuthComplete(headers, flag: DWORD(SF_NOTIFY_AUTH_COMPLETE), slot: slot)
        case .urlMap(let map):
            return deliverURLMap(map, flag: DWORD(SF_NOTIFY_URL_MAP), slot: slot)
        case .accessDenied(let denied):
            return deliverAccessDenied(denied, flag: DWORD(SF_NOTIFY_ACCESS_DENIED), slot: slot)
        case .sendResponse(let headers):
            return deliverHeaders(headers, flag: DWORD(SF_NOTIFY_SEND_RESPONSE), slot: slot)
        case .sendRawData(let data):
            return deliverRawData(data, flag: DWORD(SF_NOTIFY_SEND_RAW_DATA), slot: slot)
        case .log(let log):
            return deliverLog(log, flag: DWORD(SF_NOTIFY_LOG), slot: slot)
        case .endOfRequest:
            return proc(slot.hfc, DWORD(SF_NOTIFY_END_OF_REQUEST), nil)
        case .endOfNetSession:
            return proc(slot.hfc, DWORD(SF_NOTIFY_END_OF_NET_SESSION), nil)
        }
    }

    private func deliverAccessDenied(_ denied: FilterAccessDenied, flag: DWORD, slot: NativeSlot) -> DWORD {
        denied.url.withCString { url in
            denied.physicalPath.withCString { path in
                var payload = HTTP_FILTER_ACCESS_DENIED(pszURL: url, pszPhysicalPath: path, dwReason: denied.reason.rawValue)
                return proc(slot.hfc, flag, &payload)
            }
        }
    }

    /// A notification whose buffers could not be allocated fails with ERROR_NOT_ENOUGH_MEMORY.
    private func outOfMemory(_ what: String) -> DWORD {
        logger.error("ISAPI filter '\(name)': no request memory for the \(what) buffers; the notification fails")
        isapi_runtime_set_last_error(Win32Error.notEnoughMemory.code)
        return FilterStatus.error.rawValue
    }

    // MARK: Headers

    private func deliverHeaders(_ headers: FilterHeaders, flag: DWORD, slot: NativeSlot) -> DWORD {
        slot.headers = headers
        let httpStatus = headers.httpStatus
        var payload = HTTP_FILTER_PREPROC_HEADERS(
            GetHeader: HeaderCallbacks.getHeader, SetHeader: HeaderCallbacks.setHeader,
            AddHeader: HeaderCallbacks.addHeader, HttpStatus: httpStatus, dwReserved: 0)
        let status = proc(slot.hfc, flag, &payload)
        if payload.HttpStatus != httpStatus { headers.httpStatus = payload.HttpStatus }
        return status
    }

    private func deliverAuthComplete(_ headers: FilterHeaders, flag: DWORD, slot: NativeSlot) -> DWORD {
        slot.headers = headers
        let httpStatus = headers.httpStatus, resetAuthentication = headers.resetAuthentication
        var payload = HTTP_FILTER_AUTH_COMPLETE_INFO(
            GetHeader: HeaderCallbacks.getHeader, SetHeader: HeaderCallbacks.setHeader,
            AddHeader: HeaderCallbacks.addHeader, GetUserToken: HeaderCallbacks.getUserToken,
            HttpStatus: httpStatus, fResetAuth: resetAuthentication ? 1 : 0, dwReserved: 0)
        let status = proc(slot.hfc, flag, &payload)
        if payload.HttpStatus != httpStatus { headers.httpStatus = payload.HttpStatus }
        if (payload.fResetAuth != 0) != resetAuthentication { headers.resetAuthentication = payload.fResetAuth != 0 }
        return status
    }

    // MARK: Raw data

    /// The filter gets a private writable copy (so editing in place is safe) in the slot's scratch
    /// buffer, whose size is `cbInBuffer`. Afterwards the bytes are taken from wherever `pvInData`
    /// points, `cbInData` long; an unchanged buffer is left alone.
    private func deliverRawData(_ data: FilterRawData, flag: DWORD, slot: NativeSlot) -> DWORD {
        let original = data.bytes
        let count = original.count
        guard count < Int(UInt32.max) else {
            logger.error("ISAPI filter '\(name)': a raw-data block of \(count) bytes is too large for HTTP_FILTER_RAW_DATA; not delivered")
            return FilterStatus.nextNotification.rawValue
        }
        let scratch = slot.scratch(atLeast: max(count, 1))
        let buffer = scratch.baseAddress!
        let capacity = DWORD(clamping: scratch.count)
        return original.withUnsafeBytes { bytes in
            if count > 0 { buffer.copyMemory(from: bytes.baseAddress!, byteCount: count) }
            var payload = HTTP_FILTER_RAW_DATA(pvInData: buffer, cbInData: DWORD(count), cbInBuffer: capacity, dwReserved: 0)
            let status = proc(slot.hfc, flag, &payload)
            let length = Int(payload.cbInData)
            if let pointer = payload.pvInData {
                if pointer != buffer {
                    data.bytes = Array(UnsafeRawBufferPointer(start: pointer, count: length))
                } else if length > Int(capacity) {
                    inconsistentRawData(length: length, capacity: capacity)
                } else if length != count || (count > 0 && memcmp(buffer, bytes.baseAddress!, count) != 0) {
                    data.bytes = Array(UnsafeRawBufferPointer(start: buffer, count: length))
                }
            } else if length == 0 {
                data.bytes = []
            } else {
                inconsistentRawData(length: length, capacity: capacity)
            }
            return status
        }
    }

    @inline(never)
    private func inconsistentRawData(length: Int, capacity: DWORD) {
        logger.error("ISAPI filter '\(name)' left an inconsistent HTTP_FILTER_RAW_DATA (cbInData \(length) with pvInData NULL or past the \(capacity)-byte buffer); its change is ignored")
    }

    // MARK: Authentication

    /// User and password in buffers of `SF_MAX_USERNAME` / `SF_MAX_PASSWORD` bytes (the
    /// connection's, see `NativeSlot`; request memory for longer values), read back after the call,
    /// from a replacement pointer too.
    private func deliverAuthentication(_ authent: FilterAuthentication, flag: DWORD, slot: NativeSlot) -> DWORD {
        let size = FilterAuthentication.bufferSize
        let originalUser = authent.user, originalPassword = authent.password
        let user: UnsafeMutableRawPointer, password: UnsafeMutableRawPointer
        let userCapacity: Int, passwordCapacity: Int
        if originalUser.utf8.count < size, originalPassword.utf8.count < size, let block = slot.authenticationBuffers() {
            (user, password, userCapacity, passwordCapacity) = (block, block + size, size, size)
        } else {
            userCapacity = max(size, originalUser.utf8.count + 1)
            passwordCapacity = max(size, originalPassword.utf8.count + 1)
            guard let userBlock = slot.context.allocateRequestMemory(userCapacity),
                  let passwordBlock = slot.context.allocateRequestMemory(passwordCapacity) else {
                return outOfMemory("AUTHENTICATION")
            }
            (user, password) = (userBlock, passwordBlock)
        }
        CBuffer.place(originalUser, into: user)
        CBuffer.place(originalPassword, into: password)
        var payload = HTTP_FILTER_AUTHENT(
            pszUser: user.assumingMemoryBound(to: CHAR.self), cbUserBuff: DWORD(userCapacity),
            pszPassword: password.assumingMemoryBound(to: CHAR.self), cbPasswordBuff: DWORD(passwordCapacity))
        let status = proc(slot.hfc, flag, &payload)
        switch CBuffer.readBack(payload.pszUser, ours: user, capacity: userCapacity, original: originalUser) {
        case .unchanged: break
        case .changed(let value): authent.user = value
        case .unterminated: unterminated("\(userCapacity)-byte user name buffer", keeping: "user name")
        }
        switch CBuffer.readBack(payload.pszPassword, ours: password, capacity: passwordCapacity, original: originalPassword) {
        case .unchanged: break
        case .changed(let value): authent.password = value
        case .unterminated: unterminated("\(passwordCapacity)-byte password buffer", keeping: "password")
        }
        return status
    }

    private func unterminated(_ buffer: String, keeping what: String) {
        logger.error("ISAPI filter '\(name)' left no terminator in the \(buffer) (it wrote past its end?); the \(what) is unchanged")
    }

    // MARK: URL map

    /// `HTTP_FILTER_URL_MAP_EX` with a path buffer of `FilterURLMap.pathBufferSize` bytes (the
    /// connection's; request memory for a longer path) that the filter may rewrite in place.
    private func deliverURLMap(_ map: FilterURLMap, flag: DWORD, slot: NativeSlot) -> DWORD {
        let originalPath = map.physicalPath
        let pathLength = originalPath.utf8.count
        let path: UnsafeMutableRawPointer, capacity: Int
        if pathLength < FilterURLMap.pathBufferSize, let block = slot.pathBuffer() {
            (path, capacity) = (block, FilterURLMap.pathBufferSize)
        } else {
            capacity = max(FilterURLMap.pathBufferSize, pathLength + 1)
            guard let block = slot.context.allocateRequestMemory(capacity) else { return outOfMemory("URL_MAP") }
            path = block
        }
        CBuffer.place(originalPath, into: path)
        return map.url.withCString { url in
            var payload = HTTP_FILTER_URL_MAP_EX(
                pszURL: url, pszPhysicalPath: path.assumingMemoryBound(to: CHAR.self), cbPathBuff: DWORD(capacity),
                dwFlags: map.flags, cchMatchingPath: DWORD(clamping: map.matchingPathLength),
                cchMatchingURL: DWORD(clamping: map.matchingURLLength), pszScriptMapEntry: nil)
            let status = proc(slot.hfc, flag, &payload)
            switch CBuffer.readBack(payload.pszPhysicalPath, ours: path, capacity: capacity, original: originalPath) {
            case .unchanged: break
            case .changed(let value): map.physicalPath = value
            case .unterminated: unterminated("\(capacity)-byte physical path buffer", keeping: "path")
            }
            return status
        }
    }

    // MARK: Log

    /// The six strings in one request block. The filter may point any field elsewhere (AllocMem
    /// memory, a static string); a field whose pointer changed is read back as a C string (NULL is
    /// empty). The strings themselves must not be modified (as on IIS): edits in place are ignored.
    private func deliverLog(_ log: FilterLog, flag: DWORD, slot: NativeSlot) -> DWORD {
        let host = log.clientHostName, user = log.clientUserName, server = log.serverName
        let operation = log.operation, target = log.target, parameters = log.parameters
        let httpStatus = log.httpStatus, win32Status = log.win32Status, bytesSent = log.bytesSent
        let bytesReceived = log.bytesReceived, timeForProcessing = log.timeForProcessing
        let total = host.utf8.count + user.utf8.count + server.utf8.count + operation.utf8.count
            + target.utf8.count + parameters.utf8.count + 6
        guard let block = slot.context.allocateRequestMemory(total) else { return outOfMemory("LOG") }
        var cursor = block
        func place(_ value: String) -> UnsafePointer<CHAR> {
            let pointer = UnsafePointer(cursor.assumingMemoryBound(to: CHAR.self))
            CBuffer.place(value, into: cursor)
            cursor += value.utf8.count + 1
            return pointer
        }
        let ours = (place(host), place(user), place(server), place(operation), place(target), place(parameters))
        var payload = HTTP_FILTER_LOG(
            pszClientHostName: ours.0, pszClientUserName: ours.1, pszServerName: ours.2,
            pszOperation: ours.3, pszTarget: ours.4, pszParameters: ours.5,
            dwHttpStatus: httpStatus, dwWin32Status: win32Status, dwBytesSent: bytesSent,
            dwBytesRecvd: bytesReceived, msTimeForProcessing: timeForProcessing)
        let status = proc(slot.hfc, flag, &payload)
        func replaced(_ field: UnsafePointer<CHAR>?, _ mine: UnsafePointer<CHAR>) -> String? {
            field == mine ? nil : field.map { String(cString: $0) } ?? ""
        }
        if let value = replaced(payload.pszClientHostName, ours.0) { log.clientHostName = value }
        if let value = replaced(payload.pszClientUserName, ours.1) { log.clientUserName = value }
        if let value = replaced(payload.pszServerName, ours.2) { log.serverName = value }
        if let value = replaced(payload.pszOperation, ours.3) { log.operation = value }
        if let value = replaced(payload.pszTarget, ours.4) { log.target = value }
        if let value = replaced(payload.pszParameters, ours.5) { log.parameters = value }
        if payload.dwHttpStatus != httpStatus { log.httpStatus = payload.dwHttpStatus }
        if payload.dwWin32Status != win32Status { log.win32Status = payload.dwWin32Status }
        if payload.dwBytesSent != bytesSent { log.bytesSent = payload.dwBytesSent }
        if payload.dwBytesRecvd != bytesReceived { log.bytesReceived = payload.dwBytesRecvd }
        if payload.msTimeForProcessing != timeForProcessing { log.timeForProcessing = payload.msTimeForProcessing }
        return status
    }
}
