// IHttpFileInfo for one file on disk (IHttpContext::GetFileInfo, IHttpServer::GetFileInfo): size,
// times, attributes and an IIS-style ETag from stat(2); the contents in memory for small files, an
// open descriptor for every file. Reference-counted as IHttpCacheSpecificData documents: the last
// DereferenceCacheData frees it.
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
    /// Files up to this size are read into memory for GetFileBuffer (IIS's file cache default).
    static constexpr off_t bufferLimit = 256 * 1024;

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
    const BYTE* GetFileBuffer() const override { return buffer_.empty() ? nullptr : buffer_.data(); }
    /// The open file's POSIX descriptor, as a HANDLE; owned by the file info (do not close it).
    HANDLE GetFileHandle() const override { return (HANDLE)(intptr_t)descriptor_; }
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

    ShimFileKey key_;
    std::string narrowPath_;
    std::u16string virtualRoot_;
    struct stat status_ {};
    int descriptor_ = -1;
    std::vector<BYTE> buffer_;
    std::string etag_;
    std::string lastModified_;
    std::atomic<int> references_{1};
    int ttl_ = initialTTL;
    bool flushed_ = false;
    RequestContainer container_;
};

} // namespace ib
