// IHttpFileInfo for one file (IHttpContext::GetFileInfo, IHttpServer::GetFileInfo). A regular file is
// described by the host's file cache, the static file handler's: the same ETag and Last-Modified as
// the static response, the bytes when the cache holds the file in memory, and no disk access when the
// cache looked at the file recently; its descriptor is opened only when a module asks for the handle.
// Anything else (a directory) is opened and stat(2)ed here. Reference-counted as
// IHttpCacheSpecificData documents: the last DereferenceCacheData frees it.
#pragma once

#include "ShimContainers.hpp"
#include <httpcach.h>
#include <atomic>
#include <sys/stat.h>
#include <vector>

namespace ib {

/// The file-cache key of a ShimFileInfo: its UTF-16 path.
class ShimFileKey final : public IFileKey {
public:
    explicit ShimFileKey(std::u16string path) : path_(std::move(path)) {}
    DWORD GetHash() const override;
    bool GetIsEqual(IHttpCacheKey* other) const override;
    bool GetIsPrefix(IHttpCacheKey* other) const override;
    VOID Enum(IHttpCacheSpecificData*) override {}
    PCWSTR GetPath() const override { return path_.c_str(); }

private:
    std::u16string path_;
};

class ShimFileInfo final : public IHttpFileInfo {
public:
    /// The file at `path` (UTF-8), or nullptr with `error` set to an HRESULT naming why not.
    static ShimFileInfo* open(const std::string& path, const std::string& virtualRoot, HRESULT& error);

    IHttpCacheKey* GetCacheKey() const override { return const_cast<ShimFileKey*>(&key_); }
    VOID ReferenceCacheData() override { references_.fetch_add(1); }
    VOID DereferenceCacheData() override {
        if (references_.fetch_sub(1) == 1) delete this;
    }
    VOID ResetTTL() override { ttl_ = initialTTL; }
    VOID DecrementTTL(BOOL* expired) override {
        if (ttl_ > 0) ttl_--;
        if (expired) *expired = ttl_ == 0 ? TRUE : FALSE;
    }
    VOID SetFlushed() override { flushed_ = true; }
    BOOL GetFlushed() const override { return flushed_ ? TRUE : FALSE; }

    DWORD GetAttributes() const override;
    VOID GetSize(ULARGE_INTEGER* size) const override {
        if (size) size->QuadPart = (ULONGLONG)status_.st_size;
    }
    /// The bytes when the host's cache holds the file in memory (files up to its in-memory limit,
    /// 64 KiB by default); NULL otherwise, as IIS answers for a file it did not cache.
    const BYTE* GetFileBuffer() const override { return buffer_.empty() ? nullptr : buffer_.data(); }
    /// The file's POSIX descriptor, as a HANDLE, opened at the first call; owned by the file info
    /// (do not close it). INVALID_HANDLE_VALUE (-1) when it cannot be opened.
    HANDLE GetFileHandle() const override;
    PCWSTR GetFilePath() const override { return key_.GetPath(); }
    PCSTR GetETag(USHORT* pcch = NULL) const override {
        if (pcch) *pcch = (USHORT)etag_.size();
        return etag_.c_str();
    }
    VOID GetLastModifiedTime(FILETIME* time) const override;
    PCSTR GetLastModifiedString() const override { return lastModified_.c_str(); }
    /// The host has no kernel response cache: never allowed.
    BOOL GetHttpCacheAllowed(DWORD* seconds) const override {
        if (seconds) *seconds = 0;
        return FALSE;
    }
    HRESULT AccessCheck(HANDLE, PSID) override;
    HANDLE GetVrToken() const override { return nullptr; }
    PCWSTR GetVrPath() const override { return virtualRoot_.c_str(); }
    IHttpModuleContextContainer* GetModuleContextContainer() override { return &container_; }
    BOOL CheckIfFileHasChanged(HANDLE) override;

private:
    static constexpr int initialTTL = 2;

    ShimFileInfo(std::u16string path, std::string narrowPath, std::u16string virtualRoot)
        : key_(std::move(path)), narrowPath_(std::move(narrowPath)), virtualRoot_(std::move(virtualRoot)) {}
    ~ShimFileInfo();
    /// Fills the description from the host's file cache; false when `path` is not a regular file
    /// (`error` set for nothing there or not permitted, S_OK for another kind).
    bool describeFromCache(HRESULT& error);
    /// Fills the description by opening `path` (directories).
    bool describeFromDisk(HRESULT& error);

    ShimFileKey key_;
    std::string narrowPath_;
    std::u16string virtualRoot_;
    struct stat status_ {};
    mutable int descriptor_ = -1;
    std::vector<BYTE> buffer_;
    std::string etag_;
    std::string lastModified_;
    std::atomic<int> references_{1};
    int ttl_ = initialTTL;
    bool flushed_ = false;
    RequestContainer container_;
};

} // namespace ib
