// Follows the C++ example of the IIS documentation page "IHttpModuleContextContainer Interface"
// (iis/web-development-reference/native-code-api-reference/ihttpmodulecontextcontainer-interface.md),
// comments shortened. Compiled unchanged with: c++ -shared -fPIC $(isapi-bridge cflags)
// A GL_TRACE_EVENT global module; the host never raises trace events, so it only loads.
#pragma warning( disable : 4290 )
#pragma warning( disable : 4530 )

#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <tchar.h>
#include <initguid.h>
#include <httptrace.h>
#include <httpserv.h>
#include <httpcach.h>

#include <string>
using namespace std;

class CConvert
{
public:
    static string ToByteString(const wstring& str)
    {
        size_t length = str.length();
        char* byteChar = new char[length+1];
        byteChar[0] = '\0';
        size_t charsReturned = 0;
        wcstombs_s(&charsReturned, byteChar,
                   length+1, str.c_str(), length+1);
        string retString = byteChar;
        delete[] byteChar;
        byteChar = NULL;
        return retString;
    }
};

class CEventWriter
{
public:
    CEventWriter(const wstring& name)
    {
        #ifdef UNICODE
        m_eventLog = RegisterEventSource(NULL, name.c_str());
        #else
        string multiName = CConvert::ToByteString(name);
        m_eventLog = RegisterEventSource(NULL, multiName.c_str());
        #endif
    }

    virtual ~CEventWriter()
    {
        if (NULL != m_eventLog)
        {
            DeregisterEventSource(m_eventLog);
            m_eventLog = NULL;
        }
    }

    BOOL ReportInfo(const wstring& info)
    {
        return ReportEvent(EVENTLOG_INFORMATION_TYPE, info);
    }
protected:
    BOOL ReportEvent(WORD type, const wstring& data)
    {
        if (NULL == m_eventLog)
        {
            return FALSE;
        }

        #ifndef _DEBUG
        return TRUE;
        #endif

        #ifdef UNICODE
        PCWSTR arr[1];
        arr[0] = data.c_str();
        return ::ReportEvent(m_eventLog,
                             type,
                             0, 0, NULL, 1,
                             0, arr, (void*)arr);
        #else
        string multiByte =
            CConvert::ToByteString(data);
        LPCSTR arr[1];
        arr[0] = multiByte.c_str();
        return ::ReportEvent(m_eventLog,
                             type,
                             0, 0, NULL, 1,
                             0, arr, (void*)arr);
        #endif
    }
private:
    HANDLE m_eventLog;
};

class CStoredContext : public IHttpStoredContext
{
public:
    CStoredContext() : m_eventWriter(L"IISADMIN")
    {
        wstring constructor(L"CStoredContext::Constructor");
        m_eventWriter.ReportInfo(constructor);
    }

    virtual void Display()
    {
        wstring display(L"CStoredContext::Display");
        m_eventWriter.ReportInfo(display);
    }

    virtual void CleanupStoredContext()
    {
        wstring cleanup(L"CStoredContext::CleanupStoredContext");
        m_eventWriter.ReportInfo(cleanup);
        delete this;
    }
protected:
    virtual ~CStoredContext()
    {
        wstring destructor(L"CStoredContext::Destructor");
        m_eventWriter.ReportInfo(destructor);
    }
private:
    CEventWriter m_eventWriter;
};

class CGlobalContainerModule : public CGlobalModule
{
public:
    virtual ~CGlobalContainerModule()
    {
    }

    static HRESULT RegisterGlobalModule
    (
        DWORD dwServerVersion,
        IHttpModuleRegistrationInfo* pModuleInfo,
        IHttpServer* pGlobalInfo
    )
    {
        if (NULL == pModuleInfo)
        {
            return E_INVALIDARG;
        }
        HTTP_MODULE_ID moduleId =
            pModuleInfo->GetId();
        if (NULL == moduleId)
        {
            return E_INVALIDARG;
        }
        CGlobalContainerModule* containerModule =
            new CGlobalContainerModule(moduleId);
        if (NULL == containerModule)
        {
            return HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY);
        }
        HRESULT hr = pModuleInfo->SetGlobalNotifications
            (containerModule, GL_TRACE_EVENT);
        return hr;
    }

    virtual
    GLOBAL_NOTIFICATION_STATUS
    OnGlobalTraceEvent
    (
        IN IGlobalTraceEventProvider* pProvider
    )
    {
        if (NULL == pProvider)
        {
            return GL_NOTIFICATION_CONTINUE;
        }
        IHttpContext* httpContext = NULL;
        HRESULT hr = E_FAIL;
        hr = pProvider->GetCurrentHttpRequestContext(&httpContext);
        if (FAILED(hr) || (NULL == httpContext))
        {
            return GL_NOTIFICATION_CONTINUE;
        }
        IHttpModuleContextContainer* container =
            httpContext->GetModuleContextContainer();
        if (NULL == container)
        {
            return GL_NOTIFICATION_CONTINUE;
        }
        IHttpStoredContext* storedContext =
            container->GetModuleContext(m_moduleId);
        if (NULL != storedContext)
        {
            CStoredContext* customContext =
                dynamic_cast<CStoredContext*>(storedContext);
            if (NULL != customContext)
            {
                customContext->Display();
            }
        }
        if (NULL == storedContext)
        {
            IHttpStoredContext* customContext =
                new CStoredContext;
            container->SetModuleContext(customContext, m_moduleId);
        }
        return GL_NOTIFICATION_CONTINUE;
    }

    virtual VOID Terminate(VOID)
    {
        delete this;
    }
protected:
    CGlobalContainerModule(HTTP_MODULE_ID moduleId)
    {
        m_moduleId = moduleId;
    }
private:
    HTTP_MODULE_ID m_moduleId;
};

HRESULT
__stdcall
RegisterModule(
    DWORD dwServerVersion,
    IHttpModuleRegistrationInfo* pModuleInfo,
    IHttpServer* pGlobalInfo
)
{
    return CGlobalContainerModule::RegisterGlobalModule
        (dwServerVersion,
         pModuleInfo,
         pGlobalInfo);
}
