// The shim's link to the Swift host: the installed callbacks, logging, the once-per-module
// "not supported" log, UTF-8/UTF-16 conversion and the per-request string store.
#pragma once

#include "isapi_bridge_module_shim.h"
#include <httpserv.h>
#include <cstring>
#include <deque>
#include <memory>
#include <string>

namespace ib {

extern IBHostCallbacks host;
extern thread_local const char* currentModule;

void log(int32_t level, const std::string& message);
/// Logs "<module> called <method>, which isapi-bridge does not support" once per module and method.
void unsupported(const char* method);

std::u16string toUTF16(const char* bytes, size_t length);
std::string toUTF8(const char16_t* text, size_t length);
size_t length16(const char16_t* text);

/// Emits into a std::string (the `out` of IBEmitFn).
void emitString(void* out, const char* bytes, size_t length);

/// Strings handed to a module, alive until the request (or connection) ends.
class StringStore {
public:
    PCSTR keep(std::string value) {
        if (!narrow_) narrow_.reset(new std::deque<std::string>());
        narrow_->push_back(std::move(value));
        return narrow_->back().c_str();
    }
    PCWSTR keepWide(std::u16string value) {
        if (!wide_) wide_.reset(new std::deque<std::u16string>());
        wide_->push_back(std::move(value));
        return wide_->back().c_str();
    }

private:
    // Made on first use: many requests hand no string to a module, and an empty std::deque
    // already allocates its map and a first block (four allocations per request for the two).
    std::unique_ptr<std::deque<std::string>> narrow_;
    std::unique_ptr<std::deque<std::u16string>> wide_;
};

/// A narrow string from a host getter, or nothing.
template <typename Getter>
bool fetch(Getter getter, std::string& value) {
    value.clear();
    return getter(&value, &emitString) != 0;
}

/// Scopes `currentModule` to one call into module code.
class ModuleScope {
public:
    explicit ModuleScope(const char* name) : previous_(currentModule) { currentModule = name; }
    ~ModuleScope() { currentModule = previous_; }

private:
    const char* previous_;
};

} // namespace ib

#define IB_UNSUPPORTED_HR(method) do { ib::unsupported(method); return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED); } while (0)
#define IB_UNSUPPORTED_VALUE(method, value) do { ib::unsupported(method); return value; } while (0)
