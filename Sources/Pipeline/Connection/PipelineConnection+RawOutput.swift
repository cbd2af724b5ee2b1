/// The paced output of `PipelineConnection`: parts of a response that go out only as fast as the
/// client takes them (files through SEND_RAW_DATA filters, files after a filter's own head), and
/// the request waiting for them at its final send.
extension PipelineConnection {
    func queueOutput(_ item: RawOutputItem) {
        rawOutput.items.append(item)
        pumpRawOutput()
    }

    /// Whether part of the current response is still waiting for the client to take bytes: the
    /// request must not go on to LogRequest until it is out (`awaitRawOutput`).
    var isSendingRawOutput: Bool { !rawOutput.items.isEmpty }

    /// The request pauses at its final send until `pumpRawOutput` has sent everything; then it
    /// goes on (LogRequest, EndRequest), as after PENDING.
    func awaitRawOutput() {
        rawOutput.requestWaits = true
    }

    /// Sends the queued output in order (through the SEND_RAW_DATA filters, if any), a file one
    /// chunk at a time, while the sink can take more; otherwise it asks the sink to call back when it can,
    /// so a connection holds at most the sink's bound plus one chunk of a file whatever its size.
    /// Once the client is gone files are dropped unread. Runs on the connection's executor only.
    func pumpRawOutput() {
        guard !rawOutput.pumping else {
            rawOutput.wokenWhilePumping = true
            return
        }
        rawOutput.pumping = true
        defer { rawOutput.pumping = false }
        while let item = rawOutput.items.first {
            switch item {
            case .body(let bytes):
                filterSession?.sendBody(bytes)
            case .raw(let bytes):
                sink?.writeRaw(filterSession?.filterOutgoing(bytes) ?? bytes)
            case .file(let reader, let framed):
                if isConnected, let sink {
                    if !sink.canTakeMore {
                        rawOutput.wokenWhilePumping = false
                        sink.whenCanTakeMore { [weak self] in self?.whenUnparked { self?.pumpRawOutput() } }
                        // A sink that calls back at once takes more after all: one chunk goes.
                        guard rawOutput.wokenWhilePumping else { return }
                    }
                    if let chunk = reader.next() {
                        if framed {
                            filterSession?.sendBody(chunk)
                        } else {
                            sink.writeRaw(filterSession?.filterOutgoing(chunk) ?? chunk)
                        }
                        continue
                    }
                }
                reader.close()
            case .end(let keepAlive):
                if let filterSession, filterSession.filtersOutgoingBytes {
                    filterSession.endResponse(keepAlive: keepAlive)
                } else {
                    sink?.endResponse(keepAlive: keepAlive)
                }
            }
            rawOutput.items.removeFirst()
        }
        if rawOutput.requestWaits, let current {
            rawOutput.requestWaits = false
            // Out of `pumping`, so output the rest of the request writes is sent at once.
            rawOutput.pumping = false
            current.advance()
        }
    }
}

/// What `PipelineConnection` keeps for its paced output.
struct RawOutputQueue {
    /// Parts of the current response not sent yet, oldest first.
    var items: [RawOutputItem] = []
    var pumping = false
    /// `pumpRawOutput` was called while it ran (a sink calling `whenCanTakeMore`'s resume at once).
    var wokenWhilePumping = false
    /// The request parked at its final send until `items` is empty.
    var requestWaits = false
}

/// A part of a response waiting for its turn to go out (`PipelineConnection.pumpRawOutput`).
enum RawOutputItem {
    /// Body bytes of a pipeline response: through SEND_RAW_DATA, then framed.
    case body([UInt8])
    /// Bytes of a response a filter framed itself: through SEND_RAW_DATA (if any), as they are.
    case raw([UInt8])
    /// A file being read chunk by chunk; the reader holds it open. `framed`: a pipeline
    /// response's body (as `.body`), else bytes of a response a filter framed (as `.raw`).
    case file(ResponseFileReader, framed: Bool)
    case end(keepAlive: Bool)
}
