// The completion of a PENDING notification. IndicateCompletion/PostCompletion may come from any
// thread, before or after the handler returned PENDING; the first signal is delivered once, to the
// host's completion handle, as soon as both the signal and the handle are there.
#pragma once

#include "HostBridge.hpp"
#include <mutex>

namespace ib {

class PendingCompletion {
public:
    ~PendingCompletion() {
        if (handle_ && host.releaseCompletion) host.releaseCompletion(handle_);
    }

    /// From the module, on any thread. kind 0: IndicateCompletion(status); 1: PostCompletion(bytes).
    void signal(int32_t kind, uint32_t value) {
        void* handle = nullptr;
        {
            std::lock_guard<std::mutex> guard(lock_);
            if (handle_) {
                handle = handle_;
                handle_ = nullptr;
            } else if (!queued_) {
                queued_ = true;
                kind_ = kind;
                value_ = value;
                return;
            } else {
                log(2, "a second IndicateCompletion/PostCompletion for one PENDING notification was ignored");
                return;
            }
        }
        host.deliverCompletion(handle, kind, value);
    }

    /// From the host, after the handler returned PENDING.
    void arm(void* handle) {
        int32_t kind = 0;
        uint32_t value = 0;
        {
            std::lock_guard<std::mutex> guard(lock_);
            if (!queued_) {
                if (handle_ && host.releaseCompletion) host.releaseCompletion(handle_);
                handle_ = handle;
                return;
            }
            queued_ = false;
            kind = kind_;
            value = value_;
        }
        host.deliverCompletion(handle, kind, value);
    }

private:
    std::mutex lock_;
    void* handle_ = nullptr;
    bool queued_ = false;
    int32_t kind_ = 0;
    uint32_t value_ = 0;
};

} // namespace ib
