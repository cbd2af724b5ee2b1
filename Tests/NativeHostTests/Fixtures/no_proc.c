/* Exports GetFilterVersion only: the loader must refuse it (HttpFilterProc missing). */
#include <windows.h>
#include <httpfilt.h>

BOOL WINAPI GetFilterVersion(HTTP_FILTER_VERSION *pVer)
{
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    pVer->dwFlags = SF_NOTIFY_PREPROC_HEADERS;
    return TRUE;
}
