/* isapi-bridge: the MSVC C-runtime functions glibc lacks, as the MSVC documentation describes them:
 * strtok_s, _vscprintf/_scprintf, sprintf_s/vsprintf_s, _snprintf_s/_vsnprintf_s, _splitpath_s/_makepath_s and the _MAX_* sizes,
 * fopen_s/_fsopen, rand_s, memcpy_s/memmove_s, strncat_s, _strlwr_s/_strupr_s, the 64-bit
 * conversions (_i64toa_s, _atoi64, _strtoui64...), _countof/ARRAYSIZE, the _stat names, and (in C++) the template overloads that take an array and infer its size
 * (strcpy_s(buffer, "text"), _itoa_s(value, buffer, 10)...).
 *
 * Secure-CRT conventions kept: a NULL or zero-sized argument is EINVAL, a result that does not fit is
 * ERANGE with the destination emptied. There is no invalid-parameter handler: the error number is
 * returned (and errno set) where MSVC would call it and then return.
 * Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_CRT_H
#define ISAPI_BRIDGE_CRT_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef _MAX_PATH
#define _MAX_PATH 260
#define _MAX_DRIVE 3
#define _MAX_DIR 256
#define _MAX_FNAME 256
#define _MAX_EXT 256
#endif
#ifndef STRUNCATE
#define STRUNCATE 80
#endif

#ifndef _countof
#define _countof(array) (sizeof(array) / sizeof((array)[0]))
#endif
#ifndef ARRAYSIZE
#define ARRAYSIZE(array) (sizeof(array) / sizeof((array)[0]))
#define RTL_NUMBER_OF(array) ARRAYSIZE(array)
#endif

/* memcpy_s: EINVAL for a NULL destination (with count > 0) or source (the destination is then
 * zeroed), ERANGE with the destination zeroed when count exceeds its size. memmove_s: the same
 * checks, the destination left as it was. */
static inline errno_t memcpy_s(void *destination, size_t size, const void *source, size_t count) {
    if (count == 0) return 0;
    if (!destination) { errno = EINVAL; return EINVAL; }
    if (!source || count > size) {
        memset(destination, 0, size);
        errno = source ? ERANGE : EINVAL;
        return errno;
    }
    memcpy(destination, source, count);
    return 0;
}
static inline errno_t memmove_s(void *destination, size_t size, const void *source, size_t count) {
    if (count == 0) return 0;
    if (!destination || !source) { errno = EINVAL; return EINVAL; }
    if (count > size) { errno = ERANGE; return ERANGE; }
    memmove(destination, source, count);
    return 0;
}

/* strncat_s: appends at most `count` characters. Too long: ERANGE with destination "", or with count
 * _TRUNCATE what fits and STRUNCATE. An unterminated destination or NULL argument: EINVAL. */
static inline errno_t strncat_s(char *destination, size_t size, const char *source, size_t count) {
    if (!destination || !size) { errno = EINVAL; return EINVAL; }
    size_t used = 0;
    while (used < size && destination[used]) used++;
    if (used == size || (!source && count)) { destination[0] = '\0'; errno = EINVAL; return EINVAL; }
    size_t length = 0;
    while (length < count && source && source[length]) length++;
    if (used + length >= size) {
        if (count != (size_t)-1) { destination[0] = '\0'; errno = ERANGE; return ERANGE; }
        memcpy(destination + used, source, size - used - 1);
        destination[size - 1] = '\0';
        return STRUNCATE;
    }
    memcpy(destination + used, source, length);
    destination[used + length] = '\0';
    return 0;
}

/* _strlwr_s/_strupr_s: in place; EINVAL for NULL or a string not terminated within `size` ("" then). */
static inline errno_t isapi_bridge_change_case(char *text, size_t size, int upper) {
    if (!text) { errno = EINVAL; return EINVAL; }
    size_t length = 0;
    while (length < size && text[length]) length++;
    if (length == size) { if (size) text[0] = '\0'; errno = EINVAL; return EINVAL; }
    for (size_t index = 0; index < length; index++) {
        text[index] = (char)(upper ? toupper((unsigned char)text[index]) : tolower((unsigned char)text[index]));
    }
    return 0;
}
static inline errno_t _strlwr_s(char *text, size_t size) { return isapi_bridge_change_case(text, size, 0); }
static inline errno_t _strupr_s(char *text, size_t size) { return isapi_bridge_change_case(text, size, 1); }

/* The 64-bit conversions: _i64toa_s/_ui64toa_s as _itoa_s (ERANGE, EINVAL), and the text-to-number
 * ones over strtoll/strtoull. */
static inline errno_t _i64toa_s(long long value, char *buffer, size_t size, int radix) {
    int negative;
    unsigned long long magnitude = isapi_bridge_magnitude(value, 64, radix, &negative);
    return isapi_bridge_to_text(magnitude, negative, buffer, size, radix);
}
static inline errno_t _ui64toa_s(unsigned long long value, char *buffer, size_t size, int radix) {
    return isapi_bridge_to_text(value, 0, buffer, size, radix);
}
static inline char *_i64toa(long long value, char *buffer, int radix) {
    _i64toa_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
static inline char *_ui64toa(unsigned long long value, char *buffer, int radix) {
    _ui64toa_s(value, buffer, ISAPI_BRIDGE_UNCHECKED_SIZE, radix);
    return buffer;
}
#define _atoi64(text) strtoll((text), NULL, 10)
#define _strtoi64 strtoll
#define _strtoui64 strtoull

/* strtok_s (MSVC's three-argument form, the reentrant strtok): *context keeps the position. */
static inline char *strtok_s(char *text, const char *delimiters, char **context) {
    if (!delimiters || !context || (!text && !*context)) { errno = EINVAL; return NULL; }
    char *cursor = text ? text : *context;
    cursor += strspn(cursor, delimiters);
    if (!*cursor) { *context = cursor; return NULL; }
    char *end = cursor + strcspn(cursor, delimiters);
    if (*end) *end++ = '\0';
    *context = end;
    return cursor;
}

/* The characters the formatted text needs, without the terminator (-1 on a format error). */
static inline int _vscprintf(const char *format, va_list arguments) {
    if (!format) { errno = EINVAL; return -1; }
    va_list copy;
    va_copy(copy, arguments);
    int count = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    return count;
}
static inline int _scprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));
static inline int _scprintf(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int count = _vscprintf(format, arguments);
    va_end(arguments);
    return count;
}

/* vsprintf_s: the characters written (no terminator); -1 with buffer "" and errno ERANGE when the
 * text does not fit (MSVC's handler case), -1 and EINVAL for a NULL buffer, size 0 or NULL format. */
static inline int vsprintf_s(char *buffer, size_t size, const char *format, va_list arguments) {
    if (!buffer || !size || !format) { if (buffer && size) buffer[0] = '\0'; errno = EINVAL; return -1; }
    int written = vsnprintf(buffer, size, format, arguments);
    if (written < 0 || (size_t)written >= size) { buffer[0] = '\0'; errno = written < 0 ? EINVAL : ERANGE; return -1; }
    return written;
}

static inline int sprintf_s(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));
static inline int sprintf_s(char *buffer, size_t size, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int written = vsprintf_s(buffer, size, format, arguments);
    va_end(arguments);
    return written;
}

/* _vsnprintf_s/_snprintf_s: at most `count` characters (or, with _TRUNCATE, what fits), always
 * terminated; the characters written, or -1 when the text was cut. When even the shortened text
 * does not fit the buffer: "" with errno ERANGE and -1; NULL, size 0 or count 0: EINVAL and -1. */
static inline int _vsnprintf_s(char *buffer, size_t size, size_t count, const char *format, va_list arguments) {
    if (!buffer || !size || !format || !count) { if (buffer && size) buffer[0] = '\0'; errno = EINVAL; return -1; }
    size_t limit = count == (size_t)-1 ? size - 1 : count;
    va_list copy;
    va_copy(copy, arguments);
    int length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (length < 0) { buffer[0] = '\0'; errno = EINVAL; return -1; }
    size_t kept = (size_t)length < limit ? (size_t)length : limit;
    if (kept + 1 > size) { buffer[0] = '\0'; errno = ERANGE; return -1; }
    vsnprintf(buffer, kept + 1, format, arguments);
    return (size_t)length > kept ? -1 : length;
}
#define vsnprintf_s _vsnprintf_s
static inline int _snprintf_s(char *buffer, size_t size, size_t count, const char *format, ...)
    __attribute__((format(printf, 4, 5)));
static inline int _snprintf_s(char *buffer, size_t size, size_t count, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int written = _vsnprintf_s(buffer, size, count, format, arguments);
    va_end(arguments);
    return written;
}

/* _splitpath_s: drive ("C:" when the path starts with a letter and a colon, else ""), directory (up
 * to and including the last '/' or '\\'), file name, extension (from the last '.' of the file name).
 * A NULL part must come with size 0, a non-NULL one with a size > 0 (else EINVAL); when any part
 * does not fit, every part becomes "" and the result is ERANGE. */
static inline int isapi_bridge_copy_part(char *part, size_t size, const char *start, size_t length) {
    if (!part) return 0;
    if (length >= size) return ERANGE;
    memcpy(part, start, length);
    part[length] = '\0';
    return 0;
}
static inline errno_t _splitpath_s(const char *path, char *drive, size_t driveSize, char *dir, size_t dirSize,
                                   char *fname, size_t fnameSize, char *ext, size_t extSize) {
    int badPart = (!drive) != (driveSize == 0) || (!dir) != (dirSize == 0) || (!fname) != (fnameSize == 0) ||
                  (!ext) != (extSize == 0);
    if (!path || badPart) {
        if (drive && driveSize) drive[0] = '\0';
        if (dir && dirSize) dir[0] = '\0';
        if (fname && fnameSize) fname[0] = '\0';
        if (ext && extSize) ext[0] = '\0';
        errno = EINVAL;
        return EINVAL;
    }
    size_t driveLength = (isalpha((unsigned char)path[0]) && path[1] == ':') ? 2 : 0;
    const char *rest = path + driveLength;
    const char *name = rest;
    for (const char *cursor = rest; *cursor; cursor++) {
        if (*cursor == '/' || *cursor == '\\') name = cursor + 1;
    }
    const char *dot = strrchr(name, '.');
    const char *end = name + strlen(name);
    if (!dot) dot = end;
    int result = isapi_bridge_copy_part(drive, driveSize, path, driveLength);
    if (!result) result = isapi_bridge_copy_part(dir, dirSize, rest, (size_t)(name - rest));
    if (!result) result = isapi_bridge_copy_part(fname, fnameSize, name, (size_t)(dot - name));
    if (!result) result = isapi_bridge_copy_part(ext, extSize, dot, (size_t)(end - dot));
    if (result) {
        if (drive) drive[0] = '\0';
        if (dir) dir[0] = '\0';
        if (fname) fname[0] = '\0';
        if (ext) ext[0] = '\0';
        errno = result;
    }
    return result;
}
static inline void _splitpath(const char *path, char *drive, char *dir, char *fname, char *ext) {
    _splitpath_s(path, drive, drive ? _MAX_DRIVE : 0, dir, dir ? _MAX_DIR : 0, fname, fname ? _MAX_FNAME : 0,
                 ext, ext ? _MAX_EXT : 0);
}

/* _makepath_s: drive (its letter and ':'), dir (a '/' added when it ends in neither '/' nor '\\':
 * the Linux separator where Windows adds '\\'), fname, ext (a '.' added when missing). EINVAL for a
 * NULL path or size 0; ERANGE with path "" when the result does not fit. */
static inline errno_t _makepath_s(char *path, size_t size, const char *drive, const char *dir, const char *fname,
                                  const char *ext) {
    if (!path || !size) { errno = EINVAL; return EINVAL; }
    size_t used = 0;
#define ISAPI_BRIDGE_APPEND(TEXT, LENGTH)                                              \
    do {                                                                             \
        size_t length_ = (LENGTH);                                                   \
        if (used + length_ >= size) { path[0] = '\0'; errno = ERANGE; return ERANGE; } \
        memcpy(path + used, (TEXT), length_);                                        \
        used += length_;                                                             \
    } while (0)
    if (drive && drive[0]) { ISAPI_BRIDGE_APPEND(drive, 1); ISAPI_BRIDGE_APPEND(":", 1); }
    if (dir && dir[0]) {
        size_t length = strlen(dir);
        ISAPI_BRIDGE_APPEND(dir, length);
        if (dir[length - 1] != '/' && dir[length - 1] != '\\') ISAPI_BRIDGE_APPEND("/", 1);
    }
    if (fname && fname[0]) ISAPI_BRIDGE_APPEND(fname, strlen(fname));
    if (ext && ext[0]) {
        if (ext[0] != '.') ISAPI_BRIDGE_APPEND(".", 1);
        ISAPI_BRIDGE_APPEND(ext, strlen(ext));
    }
#undef ISAPI_BRIDGE_APPEND
    path[used] = '\0';
    return 0;
}
static inline void _makepath(char *path, const char *drive, const char *dir, const char *fname, const char *ext) {
    _makepath_s(path, _MAX_PATH, drive, dir, fname, ext);
}

/* fopen_s: 0 and the stream in *file, or errno's value with *file NULL; EINVAL for NULL arguments.
 * MSVC's mode letters 't' and "ccs=..." are accepted (glibc ignores 't' and knows ccs=). */
static inline errno_t fopen_s(FILE **file, const char *name, const char *mode) {
    if (!file) { errno = EINVAL; return EINVAL; }
    *file = NULL;
    if (!name || !mode) { errno = EINVAL; return EINVAL; }
    *file = fopen(name, mode);
    return *file ? 0 : errno;
}
/* share.h's flags for _fsopen. Linux has no mandatory file sharing: the flag is accepted and
 * ignored, so a file another process has open opens anyway. */
#ifndef _SH_DENYRW
#define _SH_DENYRW 0x10
#define _SH_DENYWR 0x20
#define _SH_DENYRD 0x30
#define _SH_DENYNO 0x40
#define _SH_SECURE 0x80
#endif
static inline FILE *_fsopen(const char *name, const char *mode, int shareFlag) {
    (void)shareFlag;
    if (!name || !mode) { errno = EINVAL; return NULL; }
    return fopen(name, mode);
}

/* rand_s: a value from the kernel's random source (/dev/urandom), as RtlGenRandom is the system's
 * there. EINVAL for NULL; the error of the read otherwise. */
static inline errno_t rand_s(unsigned int *value) {
    if (!value) { errno = EINVAL; return EINVAL; }
    FILE *source = fopen("/dev/urandom", "rb");
    if (!source) { *value = 0; return errno ? errno : EIO; }
    size_t count = fread(value, sizeof *value, 1, source);
    fclose(source);
    if (count != 1) { *value = 0; return EIO; }
    return 0;
}

/* The _stat family is POSIX stat here (include <sys/stat.h> as on Windows). */
#define _stat stat
#define _stat64 stat
#define _stati64 stat
#define _fstat fstat
#define _fstat64 fstat
#define _fstati64 fstat

#ifdef __cplusplus
}

/* The secure CRT's template overloads: an array destination gives its own size. */
template <size_t N> static inline int strcpy_s(char (&destination)[N], const char *source) {
    return strcpy_s(destination, N, source);
}
template <size_t N> static inline int strcat_s(char (&destination)[N], const char *source) {
    return strcat_s(destination, N, source);
}
template <size_t N> static inline int strncpy_s(char (&destination)[N], const char *source, size_t count) {
    return strncpy_s(destination, N, source, count);
}
template <size_t N> static inline int vsprintf_s(char (&buffer)[N], const char *format, va_list arguments) {
    return vsprintf_s(buffer, N, format, arguments);
}
template <size_t N> static inline int sprintf_s(char (&buffer)[N], const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int written = vsprintf_s(buffer, N, format, arguments);
    va_end(arguments);
    return written;
}
template <size_t N> static inline errno_t strncat_s(char (&destination)[N], const char *source, size_t count) {
    return strncat_s(destination, N, source, count);
}
template <size_t N> static inline errno_t _strlwr_s(char (&text)[N]) { return _strlwr_s(text, N); }
template <size_t N> static inline errno_t _strupr_s(char (&text)[N]) { return _strupr_s(text, N); }
template <size_t N> static inline errno_t _i64toa_s(long long value, char (&buffer)[N], int radix) {
    return _i64toa_s(value, buffer, N, radix);
}
template <size_t N> static inline int _snprintf_s(char (&buffer)[N], size_t count, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int written = _vsnprintf_s(buffer, N, count, format, arguments);
    va_end(arguments);
    return written;
}
template <size_t N>
static inline int _vsnprintf_s(char (&buffer)[N], size_t count, const char *format, va_list arguments) {
    return _vsnprintf_s(buffer, N, count, format, arguments);
}
template <size_t N> static inline int _itoa_s(int value, char (&buffer)[N], int radix) {
    return _itoa_s(value, buffer, N, radix);
}
template <size_t N> static inline int _ltoa_s(long value, char (&buffer)[N], int radix) {
    return _ltoa_s(value, buffer, N, radix);
}
template <size_t N> static inline int _ultoa_s(unsigned long value, char (&buffer)[N], int radix) {
    return _ultoa_s(value, buffer, N, radix);
}
template <typename Unit, size_t N> static inline int _itow_s(int value, Unit (&buffer)[N], int radix) {
    return _itow_s(value, (Unit *)buffer, N, radix);
}
template <typename Unit, size_t N> static inline int _ltow_s(long value, Unit (&buffer)[N], int radix) {
    return _ltow_s(value, (Unit *)buffer, N, radix);
}
template <typename Unit, size_t N> static inline int _ultow_s(unsigned long value, Unit (&buffer)[N], int radix) {
    return _ultow_s(value, (Unit *)buffer, N, radix);
}
template <size_t D, size_t R, size_t F, size_t E>
static inline errno_t _splitpath_s(const char *path, char (&drive)[D], char (&dir)[R], char (&fname)[F],
                                   char (&ext)[E]) {
    return _splitpath_s(path, drive, D, dir, R, fname, F, ext, E);
}
template <size_t N>
static inline errno_t _makepath_s(char (&path)[N], const char *drive, const char *dir, const char *fname,
                                  const char *ext) {
    return _makepath_s(path, N, drive, dir, fname, ext);
}
#endif

#endif /* ISAPI_BRIDGE_CRT_H */
