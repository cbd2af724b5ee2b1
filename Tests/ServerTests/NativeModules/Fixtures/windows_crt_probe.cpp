// WindowsCrtProbe: answers every request with what the MSVC CRT and kernel32 spellings the shared
// windows.h provides compute, one "name=result" per line:
//   _itoa(-42, 10), itoa(-1, 16), _ltoa(255, 2), _ultoa(3735928559, 16), _itoa_s into 4 bytes
//   (ERANGE, ""), _ltow_s(-7) into a WCHAR buffer, _itow_s(35, 36) into a wchar_t buffer, and
//   whether GetTickCount64 advanced by at least the 5 ms a Sleep(5) waited.
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

#include <string>

static std::string narrow(const WCHAR* text) {
    std::string out;
    for (size_t index = 0; text[index]; index++) out.push_back((char)text[index]);
    return out;
}

class WindowsCrtProbe : public CHttpModule {
public:
    REQUEST_NOTIFICATION_STATUS OnBeginRequest(IHttpContext* context, IHttpEventProvider*) {
        char buffer[80];
        std::string text;
        text += std::string("_itoa=") + _itoa(-42, buffer, 10) + "\n";
        text += std::string("itoa=") + itoa(-1, buffer, 16) + "\n";
        text += std::string("_ltoa=") + _ltoa(255, buffer, 2) + "\n";
        text += std::string("_ultoa=") + _ultoa(3735928559UL, buffer, 16) + "\n";
        char small[4];
        int status = _itoa_s(123456, small, sizeof small, 10);
        text += "_itoa_s=" + std::string(status == ERANGE ? "ERANGE" : "other") + "[" + small + "]\n";
        WCHAR wide[16];
        _ltow_s(-7L, wide, 16, 10);
        text += "_ltow_s=" + narrow(wide) + "\n";
        wchar_t wchars[16];
        _itow_s(35, wchars, 16, 36);
        text += std::string("_itow_s=") + (char)wchars[0] + "\n";
        ULONGLONG before = GetTickCount64();
        Sleep(5);
        text += std::string("ticks=") + (GetTickCount64() - before >= 5 ? "advanced" : "stalled");

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
};

class WindowsCrtProbeFactory : public IHttpModuleFactory {
public:
    HRESULT GetHttpModule(CHttpModule** module, IModuleAllocator*) {
        *module = new WindowsCrtProbe;
        return S_OK;
    }
    void Terminate() { delete this; }
};

HRESULT __stdcall RegisterModule(DWORD, IHttpModuleRegistrationInfo* info, IHttpServer*) {
    return info->SetRequestNotifications(new WindowsCrtProbeFactory, RQ_BEGIN_REQUEST, 0);
}
