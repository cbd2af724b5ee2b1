/* A filter that forgot HttpFilterProc: `check` must name the file and the symbol. */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_LOG;
    return TRUE;
}
