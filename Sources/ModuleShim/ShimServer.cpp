#include "ShimServer.hpp"
#include <algorithm>
#include <cctype>

namespace ib {

ShimServer& ShimServer::shared() {
    static ShimServer server;
    return server;
}

VOID ShimServer::ReportUnhealthy(PCWSTR reason, HRESULT hr) {
    char code[16];
    snprintf(code, sizeof code, "0x%08X", (unsigned)hr);
    log(2, std::string("native module '") + (currentModule ? currentModule : "?") + "' reported the server unhealthy (" +
               code + "): " + (reason ? toUTF8(reason, length16(reason)) : std::string()));
}

VOID ShimServer::RecycleProcess(PCWSTR reason) {
    std::string text = reason ? toUTF8(reason, length16(reason)) : std::string();
    host.recycle(currentModule ? currentModule : "?", text.c_str(), 0);
}

VOID ShimServer::RecycleApplication(PCWSTR appConfigPath) {
    std::string text = appConfigPath ? toUTF8(appConfigPath, length16(appConfigPath)) : std::string();
    host.recycle(currentModule ? currentModule : "?", text.c_str(), 1);
}

/// bitness64 and integratedMode hold; bitness32, ISAPIMode and runtime versions do not.
BOOL ShimServer::SatisfiesPrecondition(PCWSTR precondition, BOOL* pfUnknown) const {
    if (pfUnknown) *pfUnknown = FALSE;
    if (!precondition) return TRUE;
    std::string all = toUTF8(precondition, length16(precondition));
    size_t start = 0;
    bool satisfied = true;
    while (start <= all.size()) {
        size_t end = all.find(',', start);
        if (end == std::string::npos) end = all.size();
        std::string token = all.substr(start, end - start);
        token.erase(std::remove_if(token.begin(), token.end(), [](unsigned char c) { return std::isspace(c); }), token.end());
        std::transform(token.begin(), token.end(), token.begin(), [](unsigned char c) { return (char)std::tolower(c); });
        if (!token.empty()) {
            if (token == "bitness64" || token == "integratedmode") {}
            else if (token == "bitness32" || token == "isapimode" || token.rfind("runtimeversion", 0) == 0 ||
                     token == "managedhandler") satisfied = false;
            else { satisfied = false; if (pfUnknown) *pfUnknown = TRUE; }
        }
        start = end + 1;
    }
    return satisfied ? TRUE : FALSE;
}

} // namespace ib
