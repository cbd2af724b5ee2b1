// IScriptMapInfo of the handler mapping the request was mapped to (IHttpContext::GetScriptMap).
// A mapping here has a name, a path, verbs and modules; the other properties answer IIS's defaults.
#pragma once

#include "HostBridge.hpp"

namespace ib {

class ShimScriptMap final : public IScriptMapInfo {
public:
    /// The mapping of the request `handle`, or nullptr when none is mapped (yet).
    static ShimScriptMap* current(void* handle) {
        return make([handle](int32_t which, std::string* out) { return host.handlerMapping(handle, which, out, &emitString); });
    }

    /// The mapping the request's site has for `url` and `verb` (IHttpContext::MapHandler), or nullptr.
    static ShimScriptMap* forURL(void* handle, const char* url, const char* verb, bool wildcard) {
        return make([&](int32_t which, std::string* out) {
            return host.handlerMappingFor(handle, url, verb, wildcard ? 1 : 0, which, out, &emitString);
        });
    }

    PCWSTR GetPath() const override { return path_.c_str(); }
    PCSTR GetAllowedVerbs() const override { return verbs_.c_str(); }
    PCWSTR GetModules(DWORD* pcch = NULL) const override { return counted(modules_, pcch); }
    /// No mapping here names a script processor (CGI/ISAPI executable).
    PCWSTR GetScriptProcessor(DWORD* pcch = NULL) const override { return counted(empty_, pcch); }
    PCWSTR GetManagedType(DWORD* pcch = NULL) const override { return counted(empty_, pcch); }
    BOOL GetAllowPathInfoForScriptMappings() const override { return FALSE; }
    /// requireAccess: Script (3), IIS's default for a handler.
    DWORD GetRequiredAccess() const override { return 3; }
    /// resourceType: Unspecified (3), IIS's default.
    DWORD GetResourceType() const override { return 3; }
    BOOL GetIsStarScriptMap() const override { return path_ == u"*" ? TRUE : FALSE; }
    /// responseBufferLimit: IIS's default, 4 MB.
    DWORD GetResponseBufferLimit() const override { return 4194304; }
    PCWSTR GetName() const override { return name_.c_str(); }

private:
    /// `field(which, out)` is one of the host's handler-mapping getters.
    template <typename Field>
    static ShimScriptMap* make(Field field) {
        std::string name, path, verbs, modules;
        if (!field(0, &name)) return nullptr;
        field(1, &path);
        field(2, &verbs);
        field(3, &modules);
        return new ShimScriptMap(name, path, verbs, modules);
    }

    ShimScriptMap(const std::string& name, const std::string& path, std::string verbs, const std::string& modules)
        : name_(toUTF16(name.data(), name.size())), path_(toUTF16(path.data(), path.size())),
          verbs_(std::move(verbs)), modules_(toUTF16(modules.data(), modules.size())) {}

    static PCWSTR counted(const std::u16string& text, DWORD* pcch) {
        if (pcch) *pcch = (DWORD)text.size();
        return text.c_str();
    }

    std::u16string name_, path_;
    std::string verbs_;
    std::u16string modules_, empty_;
};

} // namespace ib
