#include "HostBridge.hpp"
#include <mutex>
#include <set>

namespace ib {

IBHostCallbacks host = {};
thread_local const char* currentModule = nullptr;

void log(int32_t level, const std::string& message) {
    if (host.log) host.log(level, message.c_str());
    else fprintf(stderr, "isapi-bridge: %s\n", message.c_str());
}

static std::mutex reportedLock;
static std::set<std::string> reported;

void unsupported(const char* method) {
    auto& lock = reportedLock;
    std::string module = currentModule ? currentModule : "(unknown module)";
    std::string key = module + "\n" + method;
    {
        std::lock_guard<std::mutex> guard(lock);
        if (!reported.insert(key).second) return;
    }
    log(1, "native module '" + module + "' called " + method +
               ", which isapi-bridge does not support; it returned ERROR_NOT_SUPPORTED (or NULL/FALSE)."
               " Logged once per module.");
}

std::u16string toUTF16(const char* bytes, size_t length) {
    std::u16string out;
    out.reserve(length);
    size_t i = 0;
    while (i < length) {
        unsigned char c = (unsigned char)bytes[i];
        uint32_t cp = 0xFFFD;
        size_t extra = 0;
        if (c < 0x80) { cp = c; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; extra = 1; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; extra = 2; }
        else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; extra = 3; }
        size_t consumed = 1;
        if (extra > 0) {
            bool valid = i + extra < length;
            for (size_t k = 1; valid && k <= extra; k++) {
                unsigned char d = (unsigned char)bytes[i + k];
                if ((d & 0xC0) != 0x80) { valid = false; break; }
                cp = (cp << 6) | (d & 0x3F);
                consumed = k + 1;
            }
            if (!valid) cp = 0xFFFD;
            else consumed = extra + 1;
        }
        i += consumed;
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            cp -= 0x10000;
            out.push_back((char16_t)(0xD800 + (cp >> 10)));
            out.push_back((char16_t)(0xDC00 + (cp & 0x3FF)));
        } else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            out.push_back(u'\uFFFD');
        } else {
            out.push_back((char16_t)cp);
        }
    }
    return out;
}

std::string toUTF8(const char16_t* text, size_t length) {
    std::string out;
    out.reserve(length);
    for (size_t i = 0; i < length; i++) {
        uint32_t cp = text[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            i++;
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp < 0x80) out.push_back((char)cp);
        else if (cp < 0x800) { out.push_back((char)(0xC0 | (cp >> 6))); out.push_back((char)(0x80 | (cp & 0x3F))); }
        else if (cp < 0x10000) {
            out.push_back((char)(0xE0 | (cp >> 12)));
            out.push_back((char)(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back((char)(0x80 | (cp & 0x3F)));
        } else {
            out.push_back((char)(0xF0 | (cp >> 18)));
            out.push_back((char)(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back((char)(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back((char)(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

size_t length16(const char16_t* text) {
    size_t n = 0;
    if (text) while (text[n]) n++;
    return n;
}

void emitString(void* out, const char* bytes, size_t length) {
    auto* target = static_cast<std::string*>(out);
    if (bytes && length) target->assign(bytes, length);
    else target->clear();
}

} // namespace ib

extern "C" void ib_unsupported_methods(const char* module, void* out, IBEmitFn emit) {
    if (!module || !emit) return;
    std::string prefix = std::string(module) + "\n";
    std::lock_guard<std::mutex> guard(ib::reportedLock);
    for (const auto& key : ib::reported) {
        if (key.compare(0, prefix.size(), prefix) == 0) emit(out, key.data() + prefix.size(), key.size() - prefix.size());
    }
}

extern "C" void ib_install_host(const IBHostCallbacks* callbacks) {
    if (callbacks) ib::host = *callbacks;
}
