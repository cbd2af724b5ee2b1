#include "ShimFileInfo.hpp"
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace ib {

namespace {

/// 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01.
constexpr ULONGLONG epochDifference = 116444736000000000ULL;

ULONGLONG fileTime(const struct stat& status) {
    return epochDifference + (ULONGLONG)status.st_mtim.tv_sec * 10000000ULL + (ULONGLONG)status.st_mtim.tv_nsec / 100;
}

HRESULT errnoResult(int code) {
    switch (code) {
    case ENOENT: return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    case ENOTDIR: return HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND);
    case EACCES: case EPERM: return HRESULT_FROM_WIN32(5); // ERROR_ACCESS_DENIED
    default: return E_FAIL;
    }
}

} // namespace

DWORD ShimFileKey::GetHash() const {
    DWORD hash = 5381;
    for (char16_t c : path_) hash = hash * 33 + c;
    return hash;
}

bool ShimFileKey::GetIsEqual(IHttpCacheKey* other) const {
    if (!other) return false;
    PCWSTR name = other->GetCacheName();
    if (!name || std::u16string(name) != FILE_CACHE_NAME) return false;
    PCWSTR path = static_cast<IFileKey*>(other)->GetPath();
    return path && path_ == path;
}

bool ShimFileKey::GetIsPrefix(IHttpCacheKey* other) const {
    if (!other) return false;
    PCWSTR name = other->GetCacheName();
    if (!name || std::u16string(name) != FILE_CACHE_NAME) return false;
    PCWSTR path = static_cast<IFileKey*>(other)->GetPath();
    if (!path) return false;
    std::u16string prefix(path);
    return path_.compare(0, prefix.size(), prefix) == 0;
}

ShimFileInfo* ShimFileInfo::open(const std::string& path, const std::string& virtualRoot, HRESULT& error) {
    error = S_OK;
    if (path.empty()) {
        error = HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    auto* info = new ShimFileInfo(toUTF16(path.data(), path.size()), path, toUTF16(virtualRoot.data(), virtualRoot.size()));
    if (info->describeFromCache(error) || (error == S_OK && info->describeFromDisk(error))) return info;
    delete info;
    return nullptr;
}

bool ShimFileInfo::describeFromCache(HRESULT& error) {
    IBFileStatus status {};
    std::string bytes;
    host.fileLookup(narrowPath_.c_str(), &status, &etag_, &lastModified_, &bytes, &emitString);
    switch (status.kind) {
    case 0: break;
    case 3: error = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND); return false;
    case 4: error = HRESULT_FROM_WIN32(5); return false; // ERROR_ACCESS_DENIED
    default: return false;
    }
    status_.st_mode = S_IFREG;
    status_.st_size = (off_t)status.size;
    status_.st_mtim.tv_sec = (time_t)status.modifiedSeconds;
    status_.st_mtim.tv_nsec = (long)status.modifiedNanoseconds;
    status_.st_dev = (dev_t)status.device;
    status_.st_ino = (ino_t)status.inode;
    buffer_.assign(bytes.begin(), bytes.end());
    return true;
}

bool ShimFileInfo::describeFromDisk(HRESULT& error) {
    descriptor_ = ::open(narrowPath_.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor_ < 0 || fstat(descriptor_, &status_) != 0) {
        error = errnoResult(errno);
        return false;
    }
    // The static handler's shape (EntityTag.swift): the last write as a FILETIME in hex, a colon and
    // the size in hex.
    char etag[64];
    snprintf(etag, sizeof etag, "\"%llx:%llx\"", (unsigned long long)fileTime(status_),
             (unsigned long long)status_.st_size);
    etag_ = etag;
    char date[64];
    struct tm parts;
    time_t seconds = status_.st_mtim.tv_sec;
    gmtime_r(&seconds, &parts);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    lastModified_ = date;
    return true;
}

HANDLE ShimFileInfo::GetFileHandle() const {
    if (descriptor_ < 0) descriptor_ = ::open(narrowPath_.c_str(), O_RDONLY | O_CLOEXEC);
    return (HANDLE)(intptr_t)descriptor_;
}

ShimFileInfo::~ShimFileInfo() {
    container_.cleanup();
    if (descriptor_ >= 0) close(descriptor_);
}

DWORD ShimFileInfo::GetAttributes() const {
    constexpr DWORD readOnly = 0x1, hidden = 0x2, directory = 0x10, normal = 0x80;
    DWORD attributes = 0;
    if (S_ISDIR(status_.st_mode)) attributes |= directory;
    if (access(narrowPath_.c_str(), W_OK) != 0) attributes |= readOnly;
    size_t slash = narrowPath_.find_last_of('/');
    std::string name = slash == std::string::npos ? narrowPath_ : narrowPath_.substr(slash + 1);
    if (!name.empty() && name[0] == '.') attributes |= hidden;
    return attributes == 0 ? normal : attributes;
}

VOID ShimFileInfo::GetLastModifiedTime(FILETIME* time) const {
    if (!time) return;
    ULONGLONG value = fileTime(status_);
    time->dwLowDateTime = (DWORD)(value & 0xFFFFFFFFu);
    time->dwHighDateTime = (DWORD)(value >> 32);
}

/// The server process's own access: tokens and SIDs have no meaning here.
HRESULT ShimFileInfo::AccessCheck(HANDLE, PSID) {
    return access(narrowPath_.c_str(), R_OK) == 0 ? S_OK : HRESULT_FROM_WIN32(5);
}

BOOL ShimFileInfo::CheckIfFileHasChanged(HANDLE) {
    struct stat now;
    if (stat(narrowPath_.c_str(), &now) != 0) return TRUE;
    return (now.st_ino != status_.st_ino || now.st_size != status_.st_size ||
            now.st_mtim.tv_sec != status_.st_mtim.tv_sec || now.st_mtim.tv_nsec != status_.st_mtim.tv_nsec)
        ? TRUE : FALSE;
}

} // namespace ib
