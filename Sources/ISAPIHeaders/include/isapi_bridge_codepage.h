/* isapi-bridge: the code-page conversions under WideCharToMultiByte and MultiByteToWideChar (see
 * isapi_bridge_unicode.h for the functions and their conventions): UTF-16 or UTF-32 units to UTF-8,
 * ISO-8859-1 or US-ASCII bytes and back, with the Win32 error codes. The "ANSI" and "OEM" code pages
 * are UTF-8 here. Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_CODEPAGE_H
#define ISAPI_BRIDGE_CODEPAGE_H

#define CP_ACP 0
#define CP_OEMCP 1
#define CP_MACCP 2
#define CP_THREAD_ACP 3
#define CP_SYMBOL 42
#define CP_UTF7 65000
#define CP_UTF8 65001
#define MB_PRECOMPOSED 0x00000001
#define MB_COMPOSITE 0x00000002
#define MB_USEGLYPHCHARS 0x00000004
#define MB_ERR_INVALID_CHARS 0x00000008
#define WC_COMPOSITECHECK 0x00000200
#define WC_DISCARDNS 0x00000010
#define WC_SEPCHARS 0x00000020
#define WC_DEFAULTCHAR 0x00000040
#define WC_ERR_INVALID_CHARS 0x00000080
#define WC_NO_BEST_FIT_CHARS 0x00000400

typedef const CHAR *LPCCH, *PCCH;

#ifdef __cplusplus
extern "C" {
#endif

/* 0: not supported; 1: UTF-8; 2: ISO-8859-1; 3: US-ASCII. */
static inline int isapi_bridge_code_page_kind(UINT codePage) {
    switch (codePage) {
    case CP_ACP: case CP_OEMCP: case CP_MACCP: case CP_THREAD_ACP: case CP_UTF8: return 1;
    case 28591: return 2;
    case 20127: return 3;
    default: return 0;
    }
}

/* The code point at source[*index] (units of unitSize 2: UTF-16, or 4: UTF-32), advancing *index;
 * 0xFFFFFFFF for an unpaired surrogate or a value beyond U+10FFFF. */
static inline uint32_t isapi_bridge_next_wide(const void *source, size_t unitSize, size_t count, size_t *index) {
    if (unitSize == 4) {
        uint32_t code = ((const uint32_t *)source)[(*index)++];
        return (code > 0x10FFFF || (code >= 0xD800 && code < 0xE000)) ? 0xFFFFFFFFu : code;
    }
    const uint16_t *units = (const uint16_t *)source;
    uint32_t code = units[(*index)++];
    if (code >= 0xD800 && code < 0xDC00) {
        if (*index < count && units[*index] >= 0xDC00 && units[*index] < 0xE000) {
            return 0x10000 + ((code - 0xD800) << 10) + (uint32_t)(units[(*index)++] - 0xDC00);
        }
        return 0xFFFFFFFFu;
    }
    return (code >= 0xDC00 && code < 0xE000) ? 0xFFFFFFFFu : code;
}

static inline size_t isapi_bridge_wide_length(const void *source, size_t unitSize) {
    size_t length = 0;
    if (unitSize == 4) { while (((const uint32_t *)source)[length]) length++; }
    else { while (((const uint16_t *)source)[length]) length++; }
    return length;
}

static inline int isapi_bridge_wide_to_multibyte(UINT codePage, DWORD flags, const void *wide, size_t unitSize,
                                                 int wideCount, LPSTR output, int outputSize, LPCCH defaultChar,
                                                 LPBOOL usedDefaultChar) {
    int kind = isapi_bridge_code_page_kind(codePage);
    if (!wide || wideCount == 0 || wideCount < -1 || outputSize < 0 || (outputSize > 0 && !output) ||
        (const void *)output == wide || !kind) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (codePage == CP_UTF8 && (flags & ~(DWORD)WC_ERR_INVALID_CHARS)) { SetLastError(ERROR_INVALID_FLAGS); return 0; }
    if (codePage == CP_UTF8 && (defaultChar || usedDefaultChar)) { SetLastError(ERROR_INVALID_PARAMETER); return 0; }
    if (usedDefaultChar) *usedDefaultChar = FALSE;
    size_t count = wideCount == -1 ? isapi_bridge_wide_length(wide, unitSize) + 1 : (size_t)wideCount;
    size_t written = 0;
    for (size_t index = 0; index < count;) {
        uint32_t code = isapi_bridge_next_wide(wide, unitSize, count, &index);
        unsigned char bytes[4];
        size_t length = 1;
        if (kind == 1) {
            if (code == 0xFFFFFFFFu) {
                if (flags & WC_ERR_INVALID_CHARS) { SetLastError(ERROR_NO_UNICODE_TRANSLATION); return 0; }
                code = 0xFFFD;
            }
            if (code < 0x80) { bytes[0] = (unsigned char)code; }
            else if (code < 0x800) { bytes[0] = (unsigned char)(0xC0 | (code >> 6)); bytes[1] = (unsigned char)(0x80 | (code & 0x3F)); length = 2; }
            else if (code < 0x10000) {
                bytes[0] = (unsigned char)(0xE0 | (code >> 12)); bytes[1] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
                bytes[2] = (unsigned char)(0x80 | (code & 0x3F)); length = 3;
            } else {
                bytes[0] = (unsigned char)(0xF0 | (code >> 18)); bytes[1] = (unsigned char)(0x80 | ((code >> 12) & 0x3F));
                bytes[2] = (unsigned char)(0x80 | ((code >> 6) & 0x3F)); bytes[3] = (unsigned char)(0x80 | (code & 0x3F)); length = 4;
            }
        } else if (code < (kind == 2 ? 0x100u : 0x80u)) {
            bytes[0] = (unsigned char)code;
        } else {
            bytes[0] = (unsigned char)(defaultChar ? *defaultChar : '?');
            if (usedDefaultChar) *usedDefaultChar = TRUE;
        }
        if (outputSize > 0) {
            if (written + length > (size_t)outputSize) { SetLastError(ERROR_INSUFFICIENT_BUFFER); return 0; }
            memcpy(output + written, bytes, length);
        }
        written += length;
    }
    return (int)written;
}

/* The code point of the UTF-8 sequence at text[*index], advancing *index past it, or 0xFFFFFFFF for
 * an ill-formed sequence (advancing past its longest valid prefix: one U+FFFD per maximal subpart). */
static inline uint32_t isapi_bridge_next_utf8(const unsigned char *text, size_t count, size_t *index) {
    unsigned char lead = text[(*index)++];
    if (lead < 0x80) return lead;
    size_t needed;
    uint32_t code;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) { needed = 1; code = lead & 0x1F; }
    else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 2; code = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 3; code = lead & 0x07;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0xFFFFFFFFu;
    }
    for (size_t step = 0; step < needed; step++) {
        if (*index >= count || text[*index] < low || text[*index] > high) return 0xFFFFFFFFu;
        code = (code << 6) | (text[(*index)++] & 0x3F);
        low = 0x80;
        high = 0xBF;
    }
    return code;
}

static inline int isapi_bridge_multibyte_to_wide(UINT codePage, DWORD flags, LPCCH text, int textCount, void *output,
                                                 size_t unitSize, int outputCount) {
    int kind = isapi_bridge_code_page_kind(codePage);
    if (!text || textCount == 0 || textCount < -1 || outputCount < 0 || (outputCount > 0 && !output) ||
        (const void *)text == output || !kind) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (codePage == CP_UTF8 && (flags & ~(DWORD)MB_ERR_INVALID_CHARS)) { SetLastError(ERROR_INVALID_FLAGS); return 0; }
    size_t count = textCount == -1 ? strlen(text) + 1 : (size_t)textCount;
    const unsigned char *bytes = (const unsigned char *)text;
    size_t written = 0;
    for (size_t index = 0; index < count;) {
        uint32_t code;
        if (kind == 1) {
            code = isapi_bridge_next_utf8(bytes, count, &index);
            if (code == 0xFFFFFFFFu) {
                if (flags & MB_ERR_INVALID_CHARS) { SetLastError(ERROR_NO_UNICODE_TRANSLATION); return 0; }
                code = 0xFFFD;
            }
        } else {
            code = bytes[index++];
            if (kind == 3 && code >= 0x80) {
                if (flags & MB_ERR_INVALID_CHARS) { SetLastError(ERROR_NO_UNICODE_TRANSLATION); return 0; }
                code = 0xFFFD;
            }
        }
        size_t length = (unitSize == 2 && code >= 0x10000) ? 2 : 1;
        if (outputCount > 0) {
            if (written + length > (size_t)outputCount) { SetLastError(ERROR_INSUFFICIENT_BUFFER); return 0; }
            if (unitSize == 4) {
                ((uint32_t *)output)[written] = code;
            } else if (length == 2) {
                ((uint16_t *)output)[written] = (uint16_t)(0xD800 + ((code - 0x10000) >> 10));
                ((uint16_t *)output)[written + 1] = (uint16_t)(0xDC00 + ((code - 0x10000) & 0x3FF));
            } else {
                ((uint16_t *)output)[written] = (uint16_t)code;
            }
        }
        written += length;
    }
    return (int)written;
}

#ifdef __cplusplus
}
#endif

#endif /* ISAPI_BRIDGE_CODEPAGE_H */
