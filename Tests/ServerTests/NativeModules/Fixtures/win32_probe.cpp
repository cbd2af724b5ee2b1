// Win32Probe: a native module using the host's Win32 layer (isapi_bridge_win32_*.h) as Windows code
// does; every request is answered with one "name=result" per line:
//   mutex    OpenMutexA of the name in the X-Mutex request header: "opened" or "missing <last error>"
//   thread   a thread started with CreateThread, joined with WaitForSingleObject: its exit code
//   module   GetModuleFileNameA of this library (found with GetModuleHandleExA from an address): its file name
//   heap     HeapAlloc(HEAP_ZERO_MEMORY) of 64 bytes: "zeroed" when every byte is 0
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <string>

static DWORD WINAPI add_one(LPVOID parameter) { return (DWORD)(uintptr_t)parameter + 1; }

class Win32Probe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        std::string text;
        USHORT length = 0;
        PCSTR name = context->GetRequest()->GetHeader("X-Mutex", &length);
        HANDLE mutex = name ? OpenMutexA(SYNCHRONIZE, FALSE, std::string(name, length).c_str()) : NULL;
        text += mutex ? "mutex=opened\n" : "mutex=missing " + std::to_string(GetLastError()) + "\n";
        if (mutex) CloseHandle(mutex);

        HANDLE thread = CreateThread(NULL, 0, add_one, (LPVOID)(uintptr_t)41, 0, NULL);
        DWORD code = 0;
        if (thread && WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0) GetExitCodeThread(thread, &code);
        if (thread) CloseHandle(thread);
        text += "thread=" + std::to_string(code) + "\n";

        HMODULE self = NULL;
        char path[4096] = "";
        if (GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void*)&add_one, &self)) {
            GetModuleFileNameA(self, path, sizeof path);
        }
        text += std::string("module=") + PathFileName(path) + "\n";

        unsigned char* block = (unsigned char*)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 64);
        bool zeroed = block != NULL;
        for (int index = 0; block && index < 64; index++) zeroed = zeroed && block[index] == 0;
        HeapFree(GetProcessHeap(), 0, block);
        text += std::string("heap=") + (zeroed ? "zeroed" : "dirty");

        IHttpResponse* response = context->GetResponse();
        response->SetHeader(HttpHeaderContentType, "text/plain", 10, TRUE);
        HTTP_DATA_CHUNK chunk;
        chunk.DataChunkType = HttpDataChunkFromMemory;
        chunk.FromMemory.pBuffer = (PVOID)text.data();
        chunk.FromMemory.BufferLength = (ULONG)text.size();
        DWORD sent = 0;
        response->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }

private:
    static const char* PathFileName(const char* path) {
        const char* slash = strrchr(path, '/');
        return slash ? slash + 1 : path;
    }
};

class Win32ProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new Win32Probe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new Win32ProbeFactory, RQ_BEGIN_REQUEST, 0);
}
