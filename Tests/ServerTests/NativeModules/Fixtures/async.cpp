// Returns RQ_NOTIFICATION_PENDING from ExecuteRequestHandler and completes from another thread:
//   /async/indicate  IndicateCompletion(FINISH_REQUEST) 50 ms later
//   /async/post      PostCompletion(7) 50 ms later; OnAsyncCompletion writes the byte count
//   /async/early     IndicateCompletion before the handler even returns PENDING
// The body is written on the pipeline's thread (before PENDING, or in OnAsyncCompletion).
#include <windows.h>
#include <httpserv.h>
#include <chrono>
#include <string>
#include <thread>

static void write(IHttpContext* ctx, const std::string& text) {
    HTTP_DATA_CHUNK chunk;
    chunk.DataChunkType = HttpDataChunkFromMemory;
    chunk.FromMemory.pBuffer = (PVOID)text.data();
    chunk.FromMemory.BufferLength = (ULONG)text.size();
    DWORD sent = 0;
    ctx->GetResponse()->WriteEntityChunks(&chunk, 1, FALSE, FALSE, &sent);
}

static std::string path(IHttpContext* ctx) {
    DWORD cch = 0;
    PCWSTR name = ctx->GetScriptName(&cch);
    std::string out;
    for (DWORD i = 0; i < cch; i++) out.push_back((char)name[i]);
    return out;
}

class CAsync : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnExecuteRequestHandler(IHttpContext* ctx, IHttpEventProvider*) {
        std::string p = path(ctx);
        if (p == "/async/indicate") {
            write(ctx, "async indicate");
            std::thread([ctx] {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                ctx->IndicateCompletion(RQ_NOTIFICATION_FINISH_REQUEST);
            }).detach();
            return RQ_NOTIFICATION_PENDING;
        }
        if (p == "/async/post") {
            std::thread([ctx] {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                ctx->PostCompletion(7);
            }).detach();
            return RQ_NOTIFICATION_PENDING;
        }
        if (p == "/async/early") {
            write(ctx, "async early");
            ctx->IndicateCompletion(RQ_NOTIFICATION_FINISH_REQUEST);
            return RQ_NOTIFICATION_PENDING;
        }
        return RQ_NOTIFICATION_CONTINUE;
    }

    REQUEST_NOTIFICATION_STATUS OnAsyncCompletion(IHttpContext* ctx, DWORD notification, BOOL post,
                                                  IHttpEventProvider*, IHttpCompletionInfo* info) {
        write(ctx, "posted " + std::to_string(info->GetCompletionBytes()) + " bytes in " +
                       std::to_string(notification) + (post ? " post" : ""));
        return RQ_NOTIFICATION_FINISH_REQUEST;
    }
};

class CAsyncFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** ppModule, IModuleAllocator*) {
        *ppModule = new CAsync;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new CAsyncFactory, RQ_EXECUTE_REQUEST_HANDLER, 0);
}
