#include "ShimTraceContext.hpp"
#include "ShimGlobalSubscribers.hpp"
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <vector>

namespace ib {

namespace {

struct Configuration {
    HTTP_MODULE_ID module;
    GUID provider;
    DWORD areas;
    DWORD verbosity;
    bool enabled;
};

std::mutex registryLock;
std::vector<Configuration>& configurations() {
    static auto* all = new std::vector<Configuration>();
    return *all;
}

bool sameGuid(const GUID& a, const GUID& b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
bool isAllProviders(const GUID& guid) { return sameGuid(guid, GUID_IIS_ALL_TRACE_PROVIDERS); }

/// Whether `module` configured tracing that covers `event` (provider, area, verbosity, enabled).
bool covers(HTTP_MODULE_ID module, const HTTP_TRACE_EVENT& event) {
    std::lock_guard<std::mutex> guard(registryLock);
    for (const auto& c : configurations()) {
        if (c.module != module || !c.enabled) continue;
        bool provider = isAllProviders(c.provider) || (event.pProviderGuid && sameGuid(c.provider, *event.pProviderGuid));
        bool area = event.dwArea == 0 || (event.dwArea & c.areas) != 0;
        if (provider && area && event.dwVerbosity <= c.verbosity) return true;
    }
    return false;
}

std::string itemText(const HTTP_TRACE_EVENT_ITEM& item) {
    if (!item.pbData) return "";
    char number[32];
    switch (item.dwDataType) {
    case HTTP_TRACE_TYPE_LPCWSTR: {
        auto* text = reinterpret_cast<const char16_t*>(item.pbData);
        return toUTF8(text, length16(text));
    }
    case HTTP_TRACE_TYPE_LPCSTR: return std::string(reinterpret_cast<const char*>(item.pbData));
    case HTTP_TRACE_TYPE_BOOL: return *reinterpret_cast<const BOOL*>(item.pbData) ? "true" : "false";
    case HTTP_TRACE_TYPE_BYTE: case HTTP_TRACE_TYPE_CHAR:
        snprintf(number, sizeof number, "%u", (unsigned)item.pbData[0]);
        return number;
    case HTTP_TRACE_TYPE_USHORT: case HTTP_TRACE_TYPE_SHORT:
        snprintf(number, sizeof number, "%u", (unsigned)*reinterpret_cast<const USHORT*>(item.pbData));
        return number;
    case HTTP_TRACE_TYPE_ULONG: case HTTP_TRACE_TYPE_LONG:
        snprintf(number, sizeof number, "%u", (unsigned)*reinterpret_cast<const DWORD*>(item.pbData));
        return number;
    case HTTP_TRACE_TYPE_ULONGLONG: case HTTP_TRACE_TYPE_LONGLONG:
        snprintf(number, sizeof number, "%llu", (unsigned long long)*reinterpret_cast<const ULONGLONG*>(item.pbData));
        return number;
    default: return "(" + std::to_string(item.cbData) + " bytes)";
    }
}

/// "name=value name=value" of the event's items.
std::string eventText(const HTTP_TRACE_EVENT& event) {
    std::string text;
    for (DWORD i = 0; event.pEventItems && i < event.cEventItems; i++) {
        const auto& item = event.pEventItems[i];
        if (!text.empty()) text += " ";
        text += (item.pszName ? toUTF8(item.pszName, length16(item.pszName)) : std::string("?")) + "=" + itemText(item);
    }
    return text;
}

class TraceEventProvider final : public IGlobalTraceEventProvider {
public:
    TraceEventProvider(HTTP_TRACE_EVENT* event, IHttpContext* context) : event_(event), context_(context) {}
    VOID SetErrorStatus(HRESULT) override {}
    HRESULT GetTraceEvent(HTTP_TRACE_EVENT** out) override {
        if (!out) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        *out = event_;
        return S_OK;
    }
    BOOL CheckSubscription(HTTP_MODULE_ID id) override { return covers(id, *event_) ? TRUE : FALSE; }
    HRESULT GetCurrentHttpRequestContext(IHttpContext** out) override {
        if (!out) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        *out = context_;
        return context_ ? S_OK : HRESULT_FROM_WIN32(1168); // ERROR_NOT_FOUND: a server-wide event
    }

private:
    HTTP_TRACE_EVENT* event_;
    IHttpContext* context_;
};

/// Set while GL_TRACE_EVENT handlers run: an event they raise is recorded, not raised again.
thread_local bool raising = false;

} // namespace

ShimTraceContext::ShimTraceContext(void* handle, IHttpContext* context) : handle_(handle), context_(context) {
    static thread_local std::mt19937_64 generator{std::random_device{}()};
    uint64_t a = generator(), b = generator();
    memcpy(&activity_, &a, 8);
    memcpy(reinterpret_cast<char*>(&activity_) + 8, &b, 8);
}

HRESULT ShimTraceContext::GetTraceConfiguration(HTTP_TRACE_CONFIGURATION* configuration) {
    if (!configuration || !configuration->pProviderGuid) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    const GUID wanted = *configuration->pProviderGuid;
    configuration->dwAreas = 0;
    configuration->dwVerbosity = 0;
    configuration->fProviderEnabled = FALSE;
    std::lock_guard<std::mutex> guard(registryLock);
    for (const auto& c : configurations()) {
        if (!c.enabled || !(sameGuid(c.provider, wanted) || isAllProviders(c.provider))) continue;
        configuration->dwAreas |= c.areas;
        if (c.verbosity > configuration->dwVerbosity) configuration->dwVerbosity = c.verbosity;
        configuration->fProviderEnabled = TRUE;
    }
    return S_OK;
}

HRESULT ShimTraceContext::SetTraceConfiguration(HTTP_MODULE_ID moduleId, HTTP_TRACE_CONFIGURATION* list, DWORD count) {
    if (!list || count == 0) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    for (DWORD i = 0; i < count; i++) if (!list[i].pProviderGuid) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    std::lock_guard<std::mutex> guard(registryLock);
    auto& all = configurations();
    for (DWORD i = 0; i < count; i++) {
        const GUID provider = *list[i].pProviderGuid;
        for (size_t j = all.size(); j-- > 0;) {
            if (all[j].module == moduleId && sameGuid(all[j].provider, provider)) all.erase(all.begin() + (long)j);
        }
        all.push_back(Configuration{moduleId, provider, list[i].dwAreas, list[i].dwVerbosity, list[i].fProviderEnabled != FALSE});
    }
    return S_OK;
}

HRESULT ShimTraceContext::RaiseTraceEvent(HTTP_TRACE_EVENT* event) {
    if (!event) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    std::string name = event->pszEventName ? toUTF8(event->pszEventName, length16(event->pszEventName))
                                            : "event " + std::to_string(event->dwEvent);
    if (host.traceEvent) {
        host.traceEvent(handle_, currentModule ? currentModule : "?", name.c_str(), eventText(*event).c_str(),
                        (int32_t)event->dwVerbosity);
    }
    if (raising) return S_OK;
    std::vector<GlobalSubscriber> targets = globalSubscribers(GL_TRACE_EVENT);
    raising = true;
    for (const auto& target : targets) {
        ModuleScope scope(target.name.c_str());
        TraceEventProvider provider(event, context_);
        try { target.module->OnGlobalTraceEvent(&provider); }
        catch (...) { log(2, "native module '" + target.name + "' threw a C++ exception from OnGlobalTraceEvent"); }
    }
    raising = false;
    return S_OK;
}

HRESULT ShimTraceContext::QuickTrace(PCWSTR data1, PCWSTR data2, HRESULT hrLastError, UCHAR level) {
    HTTP_TRACE_EVENT_ITEM items[3] = {};
    items[0].pszName = u"Data1";
    items[0].dwDataType = HTTP_TRACE_TYPE_LPCWSTR;
    items[0].pbData = (PBYTE)(data1 ? data1 : u"");
    items[0].cbData = (DWORD)((length16((const char16_t*)items[0].pbData) + 1) * 2);
    items[1].pszName = u"Data2";
    items[1].dwDataType = HTTP_TRACE_TYPE_LPCWSTR;
    items[1].pbData = (PBYTE)(data2 ? data2 : u"");
    items[1].cbData = (DWORD)((length16((const char16_t*)items[1].pbData) + 1) * 2);
    items[2].pszName = u"ErrorCode";
    items[2].dwDataType = HTTP_TRACE_TYPE_ULONG;
    items[2].pbData = (PBYTE)&hrLastError;
    items[2].cbData = sizeof hrLastError;
    HTTP_TRACE_EVENT event = {};
    event.pProviderGuid = &GUID_IIS_WWW_GLOBAL_TRACE_PROVIDER;
    event.pszEventName = u"QuickTrace";
    event.dwVerbosity = level;
    event.pActivityGuid = &activity_;
    event.cEventItems = 3;
    event.pEventItems = items;
    return RaiseTraceEvent(&event);
}

} // namespace ib
