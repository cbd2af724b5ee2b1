// Follows the C++ example of the IIS documentation page "CHttpModule::OnSendResponse Method"
// (iis/web-development-reference/native-code-api-reference/chttpmodule-onsendresponse-method.md),
// comments shortened. The one porting change: the sample's L"..." literals passed as LPCWSTR
// (UTF-16 here, so wchar_t literals do not convert) are written u"...".
#define _WINSOCKAPI_
#include <windows.h>
#include <sal.h>
#include <httpserv.h>

class MyHttpModule : public CHttpModule
{
public:
    REQUEST_NOTIFICATION_STATUS
    OnSendResponse(
        IN IHttpContext * pHttpContext,
        IN ISendResponseProvider * pProvider
    )
    {
        UNREFERENCED_PARAMETER( pHttpContext );
        UNREFERENCED_PARAMETER( pProvider );
        WriteEventViewerLog(u"OnSendResponse");
        return RQ_NOTIFICATION_CONTINUE;
    }

    MyHttpModule()
    {
        m_hEventLog = RegisterEventSource( NULL,u"IISADMIN" );
    }

    ~MyHttpModule()
    {
        if (NULL != m_hEventLog)
        {
            DeregisterEventSource( m_hEventLog );
            m_hEventLog = NULL;
        }
    }

private:
    HANDLE m_hEventLog;

    BOOL WriteEventViewerLog(LPCWSTR szNotification)
    {
        if (NULL != m_hEventLog)
        {
            return ReportEvent(
                m_hEventLog,
                EVENTLOG_INFORMATION_TYPE, 0, 0,
                NULL, 1, 0, &szNotification, NULL );
        }
        return FALSE;
    }
};

class MyHttpModuleFactory : public IHttpModuleFactory
{
public:
    HRESULT GetHttpModule(OUT CHttpModule ** ppModule, IN IModuleAllocator * pAllocator)
    {
        UNREFERENCED_PARAMETER( pAllocator );
        MyHttpModule * pModule = new MyHttpModule;
        if (!pModule)
        {
            return HRESULT_FROM_WIN32( ERROR_NOT_ENOUGH_MEMORY );
        }
        else
        {
            *ppModule = pModule;
            pModule = NULL;
            return S_OK;
        }
    }

    void Terminate()
    {
        delete this;
    }
};

HRESULT
__stdcall
RegisterModule(
    DWORD dwServerVersion,
    IHttpModuleRegistrationInfo * pModuleInfo,
    IHttpServer * pGlobalInfo
)
{
    UNREFERENCED_PARAMETER( dwServerVersion );
    UNREFERENCED_PARAMETER( pGlobalInfo );
    return pModuleInfo->SetRequestNotifications(
        new MyHttpModuleFactory,
        RQ_SEND_RESPONSE,
        0
    );
}
