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
    func deliver(_ notification: FilterNotification, slot: NativeSlot) -> DWORD {
        let flag = notification.flag.rawValue
        switch notification {
        case .endOfRequest, .endOfNetSession:
            return proc(slot.hfc, flag, nil)
        case .preprocHeaders(let headers), .sendResponse(let headers):
            return deliverHeaders(headers, flag: flag, slot: slot)
        case .authComplete(let headers):
            return deliverAuthComplete(headers, flag: flag, slot: slot)
        case .readRawData(let data), .sendRawData(let data):
            return deliverRawData(data, flag: flag, slot: slot)
        case .authentication(let authent):
            return deliverAuthentication(authent, flag: flag, slot: slot)
        case .urlMap(let map):
            return deliverURLMap(map, flag: flag, slot: slot)
        case .accessDenied(let denied):
            return denied.url.withCString { url in
                denied.physicalPath.withCString { path in
                    var payload = HTTP_FILTER_ACCESS_DENIED(pszURL: url, pszPhysicalPath: path, dwReason: denied.reason.rawValue)
                    return proc(slot.hfc, flag, &payload)
                }
            }
        case .log(let log):
            return deliverLog(log, flag: flag, slot: slot)
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
        var payload = HTTP_FILTER_PREPROC_HEADERS(
            GetHeader: HeaderCallbacks.getHeader, SetHeader: HeaderCallbacks.setHeader,
            AddHeader: HeaderCallbacks.addHeader, HttpStatus: headers.httpStatus, dwReserved: 0)
        let status = proc(slot.hfc, flag, &payload)
        if payload.HttpStatus != headers.httpStatus { headers.httpStatus = payload.HttpStatus }
        return status
    }

    private func deliverAuthComplete(_ headers: FilterHeaders, flag: DWORD, slot: NativeSlot) -> DWORD {
        slot.headers = headers
        var payload = HTTP_FILTER_AUTH_COMPLETE_INFO(
            GetHeader: HeaderCallbacks.getHeader, SetHeader: HeaderCallbacks.setHeader,
            AddHeader: HeaderCallbacks.addHeader, GetUserToken: HeaderCallbacks.getUserToken,
            HttpStatus: headers.httpStatus, fResetAuth: headers.resetAuthentication ? 1 : 0, dwReserved: 0)
        let status = proc(slot.hfc, flag, &payload)
        if payload.HttpStatus != headers.httpStatus { headers.httpStatus = payload.HttpStatus }
        headers.resetAuthentication = payload.fResetAuth != 0
        return status
    }

    // MARK: Raw data

    /// The filter gets a private writable copy (so editing in place is safe) in the slot's scratch
    /// buffer, whose size is `cbInBuffer`. Afterwards the bytes are taken from wherever `pvInData`
    /// points, `cbInData` long; an unchanged buffer is left alone.
    private func deliverRawData(_ data: FilterRawData, flag: DWORD, slot: NativeSlot) -> DWORD {
        let count = data.bytes.count
        guard count < Int(UInt32.max) else {
            logger.error("ISAPI filter '\(name)': a raw-data block of \(count) bytes is too large for HTTP_FILTER_RAW_DATA; not delivered")
            return FilterStatus.nextNotification.rawValue
        }
        let scratch = slot.scratch(atLeast: count)
        let buffer = scratch.baseAddress!
        data.bytes.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { buffer.copyMemory(from: base, byteCount: count) }
        }
        let capacity = DWORD(clamping: scratch.count)
        var payload = HTTP_FILTER_RAW_DATA(pvInData: buffer, cbInData: DWORD(count), cbInBuffer: capacity, dwReserved: 0)
        let status = proc(slot.hfc, flag, &payload)
        let length = Int(payload.cbInData)
        switch payload.pvInData {
        case buffer where length <= Int(capacity):
            let unchanged = length == count && data.bytes.withUnsafeBytes { bytes in
                count == 0 || memcmp(buffer, bytes.baseAddress!, count) == 0
            }
            if !unchanged { data.bytes = Array(UnsafeRawBufferPointer(start: buffer, count: length)) }
        case .some(let replacement) where replacement != buffer:
            data.bytes = Array(UnsafeRawBufferPointer(start: replacement, count: length))
        case nil where length == 0:
            data.bytes = []
        default:
            logger.error("ISAPI filter '\(name)' left an inconsistent HTTP_FILTER_RAW_DATA (pvInData \(String(describing: payload.pvInData)), cbInData \(length), buffer \(capacity) bytes); its change is ignored")
        }
        return status
    }

    // MARK: Authentication

    /// User and password in request buffers of at least `SF_MAX_USERNAME` / `SF_MAX_PASSWORD`
    /// bytes, read back after the call (from a replacement pointer too).
    private func deliverAuthentication(_ authent: FilterAuthentication, flag: DWORD, slot: NativeSlot) -> DWORD {
        let userCapacity = max(FilterAuthentication.bufferSize, authent.user.utf8.count + 1)
        let passwordCapacity = max(FilterAuthentication.bufferSize, authent.password.utf8.count + 1)
        guard let user = slot.context.allocateRequestMemory(userCapacity),
              let password = slot.context.allocateRequestMemory(passwordCapacity) else {
            return outOfMemory("AUTHENTICATION")
        }
        CBuffer.place(authent.user, into: user)
        CBuffer.place(authent.password, into: password)
        var payload = HTTP_FILTER_AUTHENT(
            pszUser: user.assumingMemoryBound(to: CHAR.self), cbUserBuff: DWORD(userCapacity),
            pszPassword: password.assumingMemoryBound(to: CHAR.self), cbPasswordBuff: DWORD(passwordCapacity))
        let status = proc(slot.hfc, flag, &payload)
        if let value = CBuffer.string(at: payload.pszUser, ours: user, capacity: userCapacity) {
            if value != authent.user { authent.user = value }
        } else {
            logger.error("ISAPI filter '\(name)' left no terminator in the \(userCapacity)-byte user name buffer; the user name is unchanged")
        }
        if let value = CBuffer.string(at: payload.pszPassword, ours: password, capacity: passwordCapacity) {
            if value != authent.password { authent.password = value }
        } else {
            logger.error("ISAPI filter '\(name)' left no terminator in the \(passwordCapacity)-byte password buffer; the password is unchanged")
        }
        return status
    }

    // MARK: URL map

    /// `HTTP_FILTER_URL_MAP_EX` with a request buffer of `FilterURLMap.pathBufferSize` bytes (more
    /// if the path is longer) that the filter may rewrite in place.
    private func deliverURLMap(_ map: FilterURLMap, flag: DWORD, slot: NativeSlot) -> DWORD {
        let capacity = max(FilterURLMap.pathBufferSize, map.physicalPath.utf8.count + 1)
        guard let path = slot.context.allocateRequestMemory(capacity) else { return outOfMemory("URL_MAP") }
        CBuffer.place(map.physicalPath, into: path)
        return map.url.withCString { url in
            var payload = HTTP_FILTER_URL_MAP_EX(
                pszURL: url, pszPhysicalPath: path.assumingMemoryBound(to: CHAR.self), cbPathBuff: DWORD(capacity),
                dwFlags: map.flags, cchMatchingPath: DWORD(clamping: map.matchingPathLength),
                cchMatchingURL: DWORD(clamping: map.matchingURLLength), pszScriptMapEntry: nil)
            let status = proc(slot.hfc, flag, &payload)
            if let value = CBuffer.string(at: payload.pszPhysicalPath, ours: path, capacity: capacity) {
                if value != map.physicalPath { map.physicalPath = value }
            } else {
                logger.error("ISAPI filter '\(name)' left no terminator in the \(capacity)-byte physical path buffer; the path is unchanged")
            }
            return status
        }
    }

    // MARK: Log

    /// The six strings in one request block; the filter may point any field elsewhere (AllocMem
    /// memory, a static string), and every field is read back after the call.
    private func deliverLog(_ log: FilterLog, flag: DWORD, slot: NativeSlot) -> DWORD {
        let fields = [log.clientHostName, log.clientUserName, log.serverName, log.operation, log.target, log.parameters]
        let total = fields.reduce(0) { $0 + $1.utf8.count + 1 }
        guard let block = slot.context.allocateRequestMemory(total) else { return outOfMemory("LOG") }
        var offsets: [Int] = []
        offsets.reserveCapacity(fields.count)
        var cursor = 0
        for field in fields {
            offsets.append(cursor)
            CBuffer.place(field, into: block + cursor)
            cursor += field.utf8.count + 1
        }
        func pointer(_ index: Int) -> UnsafePointer<CHAR> {
            UnsafePointer((block + offsets[index]).assumingMemoryBound(to: CHAR.self))
        }
        var payload = HTTP_FILTER_LOG(
            pszClientHostName: pointer(0), pszClientUserName: pointer(1), pszServerName: pointer(2),
            pszOperation: pointer(3), pszTarget: pointer(4), pszParameters: pointer(5),
            dwHttpStatus: log.httpStatus, dwWin32Status: log.win32Status, dwBytesSent: log.bytesSent,
            dwBytesRecvd: log.bytesReceived, msTimeForProcessing: log.timeForProcessing)
        let status = proc(slot.hfc, flag, &payload)
        func readBack(_ field: UnsafePointer<CHAR>?, _ index: Int) -> String {
            CBuffer.string(at: field, ours: UnsafeMutableRawPointer(mutating: pointer(index)),
                           capacity: fields[index].utf8.count + 1) ?? fields[index]
        }
        log.clientHostName = readBack(payload.pszClientHostName, 0)
        log.clientUserName = readBack(payload.pszClientUserName, 1)
        log.serverName = readBack(payload.pszServerName, 2)
        log.operation = readBack(payload.pszOperation, 3)
        log.target = readBack(payload.pszTarget, 4)
        log.parameters = readBack(payload.pszParameters, 5)
        log.httpStatus = payload.dwHttpStatus
        log.win32Status = payload.dwWin32Status
        log.bytesSent = payload.dwBytesSent
        log.bytesReceived = payload.dwBytesRecvd
        log.timeForProcessing = payload.msTimeForProcessing
        return status
    }
}
