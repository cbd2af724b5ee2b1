/* isapi-bridge: C++ overloads that let the Win32 layer's functions taking a string as input accept
 * wchar_t strings (L"...", UTF-32 on Linux) besides WCHAR (char16_t, u"..."):
 *   - every such W function, e.g. CreateFileW(L"/srv/x", ...);
 *   - the generic names (CreateFile, CreateMutex, RegOpenKeyEx...), which in C are the A functions,
 *     take char, char16_t and wchar_t strings.
 * The string is converted to UTF-8 and the A function called. Only wchar_t and char16_t bind to
 * the templates, so NULL and nullptr still mean "no string". Functions that write a string back
 * (GetModuleFileNameW, GetEnvironmentVariableW, GetPrivateProfileStringW, RegQueryValueExW...)
 * keep their WCHAR buffers. Included by windows.h in C++; not a public header on its own. */
#ifndef ISAPI_BRIDGE_WIN32_WIDE_H
#define ISAPI_BRIDGE_WIN32_WIDE_H
#ifdef __cplusplus

namespace isapi_bridge_win32 {
template <typename Char> struct wide_char {};
template <> struct wide_char<wchar_t> { typedef int only_wchar_t; typedef int any_wide; };
template <> struct wide_char<char16_t> { typedef int any_wide; };
/* Keeps a parameter out of template deduction, so NULL may stand for the second string. */
template <typename Char> struct same { typedef Char type; };

/* A UTF-16 (char16_t) or UTF-32 (wchar_t) string as UTF-8, for the duration of a call. */
class utf8 {
public:
    template <typename Char> explicit utf8(const Char *wide) : text_(NULL) {
        if (wide == NULL) return;
        size_t units = 0;
        while (wide[units]) units++;
        text_ = (char *)malloc(units * 4 + 1);
        if (text_ == NULL) return;
        size_t at = 0;
        for (size_t index = 0; index < units; index++) {
            uint32_t code = (uint32_t)wide[index];
            if (sizeof(Char) == 2 && code >= 0xD800 && code < 0xDC00 && index + 1 < units &&
                (uint32_t)wide[index + 1] >= 0xDC00 && (uint32_t)wide[index + 1] < 0xE000) {
                code = 0x10000 + ((code - 0xD800) << 10) + ((uint32_t)wide[++index] - 0xDC00);
            } else if ((code >= 0xD800 && code < 0xE000) || code > 0x10FFFF) {
                code = 0xFFFD;
            }
            if (code < 0x80) {
                text_[at++] = (char)code;
            } else if (code < 0x800) {
                text_[at++] = (char)(0xC0 | (code >> 6));
                text_[at++] = (char)(0x80 | (code & 0x3F));
            } else if (code < 0x10000) {
                text_[at++] = (char)(0xE0 | (code >> 12));
                text_[at++] = (char)(0x80 | ((code >> 6) & 0x3F));
                text_[at++] = (char)(0x80 | (code & 0x3F));
            } else {
                text_[at++] = (char)(0xF0 | (code >> 18));
                text_[at++] = (char)(0x80 | ((code >> 12) & 0x3F));
                text_[at++] = (char)(0x80 | ((code >> 6) & 0x3F));
                text_[at++] = (char)(0x80 | (code & 0x3F));
            }
        }
        text_[at] = 0;
    }
    ~utf8() { free(text_); }
    operator const char *() const { return text_; }

private:
    utf8(const utf8 &);
    utf8 &operator=(const utf8 &);
    char *text_;
};
} // namespace isapi_bridge_win32

#define ISAPI_BRIDGE_ONLY_WCHAR_T(Char) typename isapi_bridge_win32::wide_char<Char>::only_wchar_t = 0
#define ISAPI_BRIDGE_ANY_WIDE(Char) typename isapi_bridge_win32::wide_char<Char>::any_wide = 0
#define ISAPI_BRIDGE_UTF8(text) isapi_bridge_win32::utf8(text)

/* One input string: FUNCTION##W for wchar_t, and FUNCTION (the generic name) for char and both
 * wide types. PARAMETERS and ARGUMENTS list the rest around the string, named `text`. */
#define ISAPI_BRIDGE_WIDE_INPUT(RESULT, FUNCTION, PARAMETERS, ARGUMENTS)                                  \
    template <typename Char, ISAPI_BRIDGE_ONLY_WCHAR_T(Char)>                                               \
    static inline RESULT FUNCTION##W PARAMETERS { return FUNCTION##A ARGUMENTS; }                           \
    template <typename Char, ISAPI_BRIDGE_ANY_WIDE(Char)>                                                    \
    static inline RESULT FUNCTION PARAMETERS { return FUNCTION##A ARGUMENTS; }

#undef CreateMutex
#undef OpenMutex
#undef CreateEvent
#undef OpenEvent
#undef CreateSemaphore
#undef OpenSemaphore
#undef CreateFile
#undef GetFileAttributes
#undef DeleteFile
#undef CreateDirectory
#undef RemoveDirectory
#undef MoveFile
#undef CopyFile
#undef GetModuleHandle
#undef LoadLibrary
#undef GetPrivateProfileInt
#undef SetEnvironmentVariable
#undef RegOpenKeyEx

/* The generic names for narrow strings (and NULL): the A functions. */
static inline HANDLE CreateMutex(LPSECURITY_ATTRIBUTES attributes, BOOL owner, LPCSTR name) { return CreateMutexA(attributes, owner, name); }
static inline HANDLE OpenMutex(DWORD access, BOOL inherit, LPCSTR name) { return OpenMutexA(access, inherit, name); }
static inline HANDLE CreateEvent(LPSECURITY_ATTRIBUTES attributes, BOOL manual, BOOL initial, LPCSTR name) {
    return CreateEventA(attributes, manual, initial, name);
}
static inline HANDLE OpenEvent(DWORD access, BOOL inherit, LPCSTR name) { return OpenEventA(access, inherit, name); }
static inline HANDLE CreateSemaphore(LPSECURITY_ATTRIBUTES attributes, LONG initial, LONG maximum, LPCSTR name) {
    return CreateSemaphoreA(attributes, initial, maximum, name);
}
static inline HANDLE OpenSemaphore(DWORD access, BOOL inherit, LPCSTR name) { return OpenSemaphoreA(access, inherit, name); }
static inline HANDLE CreateFile(LPCSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES attributes, DWORD disposition,
                                DWORD flags, HANDLE templateFile) {
    return CreateFileA(name, access, share, attributes, disposition, flags, templateFile);
}
static inline DWORD GetFileAttributes(LPCSTR name) { return GetFileAttributesA(name); }
static inline BOOL DeleteFile(LPCSTR name) { return DeleteFileA(name); }
static inline BOOL CreateDirectory(LPCSTR name, LPSECURITY_ATTRIBUTES attributes) { return CreateDirectoryA(name, attributes); }
static inline BOOL RemoveDirectory(LPCSTR name) { return RemoveDirectoryA(name); }
static inline BOOL MoveFile(LPCSTR from, LPCSTR to) { return MoveFileA(from, to); }
static inline BOOL CopyFile(LPCSTR from, LPCSTR to, BOOL failIfExists) { return CopyFileA(from, to, failIfExists); }
static inline HMODULE GetModuleHandle(LPCSTR name) { return GetModuleHandleA(name); }
static inline HMODULE LoadLibrary(LPCSTR name) { return LoadLibraryA(name); }
static inline UINT GetPrivateProfileInt(LPCSTR section, LPCSTR key, INT fallback, LPCSTR file) {
    return GetPrivateProfileIntA(section, key, fallback, file);
}
static inline BOOL SetEnvironmentVariable(LPCSTR name, LPCSTR value) { return SetEnvironmentVariableA(name, value); }
static inline LSTATUS RegOpenKeyEx(HKEY key, LPCSTR sub, DWORD options, REGSAM access, PHKEY result) {
    return RegOpenKeyExA(key, sub, options, access, result);
}

ISAPI_BRIDGE_WIDE_INPUT(HANDLE, CreateMutex, (LPSECURITY_ATTRIBUTES attributes, BOOL owner, const Char *text),
                        (attributes, owner, ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HANDLE, OpenMutex, (DWORD access, BOOL inherit, const Char *text), (access, inherit, ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HANDLE, CreateEvent, (LPSECURITY_ATTRIBUTES attributes, BOOL manual, BOOL initial, const Char *text),
                        (attributes, manual, initial, ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HANDLE, OpenEvent, (DWORD access, BOOL inherit, const Char *text), (access, inherit, ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HANDLE, CreateSemaphore, (LPSECURITY_ATTRIBUTES attributes, LONG initial, LONG maximum, const Char *text),
                        (attributes, initial, maximum, ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HANDLE, OpenSemaphore, (DWORD access, BOOL inherit, const Char *text), (access, inherit, ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HANDLE, CreateFile,
                        (const Char *text, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES attributes, DWORD disposition,
                         DWORD flags, HANDLE templateFile),
                        (ISAPI_BRIDGE_UTF8(text), access, share, attributes, disposition, flags, templateFile))
ISAPI_BRIDGE_WIDE_INPUT(DWORD, GetFileAttributes, (const Char *text), (ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(BOOL, DeleteFile, (const Char *text), (ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(BOOL, CreateDirectory, (const Char *text, LPSECURITY_ATTRIBUTES attributes),
                        (ISAPI_BRIDGE_UTF8(text), attributes))
ISAPI_BRIDGE_WIDE_INPUT(BOOL, RemoveDirectory, (const Char *text), (ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HMODULE, GetModuleHandle, (const Char *text), (ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(HMODULE, LoadLibrary, (const Char *text), (ISAPI_BRIDGE_UTF8(text)))
ISAPI_BRIDGE_WIDE_INPUT(LSTATUS, RegOpenKeyEx, (HKEY key, const Char *text, DWORD options, REGSAM access, PHKEY result),
                        (key, ISAPI_BRIDGE_UTF8(text), options, access, result))

/* Two strings of one type: the first decides it, the others may be NULL. */
template <typename Char, ISAPI_BRIDGE_ONLY_WCHAR_T(Char)>
static inline BOOL MoveFileW(const Char *from, const typename isapi_bridge_win32::same<Char>::type *to) { return MoveFileA(ISAPI_BRIDGE_UTF8(from), ISAPI_BRIDGE_UTF8(to)); }
template <typename Char, ISAPI_BRIDGE_ANY_WIDE(Char)>
static inline BOOL MoveFile(const Char *from, const typename isapi_bridge_win32::same<Char>::type *to) { return MoveFileA(ISAPI_BRIDGE_UTF8(from), ISAPI_BRIDGE_UTF8(to)); }
template <typename Char, ISAPI_BRIDGE_ONLY_WCHAR_T(Char)>
static inline BOOL CopyFileW(const Char *from, const typename isapi_bridge_win32::same<Char>::type *to, BOOL failIfExists) {
    return CopyFileA(ISAPI_BRIDGE_UTF8(from), ISAPI_BRIDGE_UTF8(to), failIfExists);
}
template <typename Char, ISAPI_BRIDGE_ANY_WIDE(Char)>
static inline BOOL CopyFile(const Char *from, const typename isapi_bridge_win32::same<Char>::type *to, BOOL failIfExists) {
    return CopyFileA(ISAPI_BRIDGE_UTF8(from), ISAPI_BRIDGE_UTF8(to), failIfExists);
}
template <typename Char, ISAPI_BRIDGE_ONLY_WCHAR_T(Char)>
static inline BOOL SetEnvironmentVariableW(const Char *name, const typename isapi_bridge_win32::same<Char>::type *value) {
    return SetEnvironmentVariableA(ISAPI_BRIDGE_UTF8(name), ISAPI_BRIDGE_UTF8(value));
}
template <typename Char, ISAPI_BRIDGE_ANY_WIDE(Char)>
static inline BOOL SetEnvironmentVariable(const Char *name, const typename isapi_bridge_win32::same<Char>::type *value) {
    return SetEnvironmentVariableA(ISAPI_BRIDGE_UTF8(name), ISAPI_BRIDGE_UTF8(value));
}
template <typename Char, ISAPI_BRIDGE_ONLY_WCHAR_T(Char)>
static inline UINT GetPrivateProfileIntW(const Char *section, const typename isapi_bridge_win32::same<Char>::type *key, INT fallback,
                                          const typename isapi_bridge_win32::same<Char>::type *file) {
    return GetPrivateProfileIntA(ISAPI_BRIDGE_UTF8(section), ISAPI_BRIDGE_UTF8(key), fallback, ISAPI_BRIDGE_UTF8(file));
}
template <typename Char, ISAPI_BRIDGE_ANY_WIDE(Char)>
static inline UINT GetPrivateProfileInt(const Char *section, const typename isapi_bridge_win32::same<Char>::type *key, INT fallback,
                                         const typename isapi_bridge_win32::same<Char>::type *file) {
    return GetPrivateProfileIntA(ISAPI_BRIDGE_UTF8(section), ISAPI_BRIDGE_UTF8(key), fallback, ISAPI_BRIDGE_UTF8(file));
}

#endif /* __cplusplus */
#endif /* ISAPI_BRIDGE_WIN32_WIDE_H */
