/* isapi-bridge: crtdbg.h, the MSVC debug-heap and report macros. Without _DEBUG they compile to
 * nothing, as in a release build. With _DEBUG, _ASSERT/_ASSERTE write the failed expression with
 * its file and line to standard error (they never stop the process) and _RPTn/_RPTFn write their
 * message there; the debug-heap calls are accepted and do nothing. */
#ifndef ISAPI_BRIDGE_CRTDBG_H
#define ISAPI_BRIDGE_CRTDBG_H
#include <windows.h>

#define _CRT_WARN 0
#define _CRT_ERROR 1
#define _CRT_ASSERT 2
#define _CRTDBG_ALLOC_MEM_DF 0x01
#define _CRTDBG_DELAY_FREE_MEM_DF 0x02
#define _CRTDBG_CHECK_ALWAYS_DF 0x04
#define _CRTDBG_CHECK_CRT_DF 0x10
#define _CRTDBG_LEAK_CHECK_DF 0x20
#define _CRTDBG_REPORT_FLAG (-1)
#define _CRTDBG_MODE_FILE 0x1
#define _CRTDBG_MODE_DEBUG 0x2
#define _CRTDBG_MODE_WNDW 0x4
#define _CRTDBG_FILE_STDERR ((HANDLE)(LONG_PTR)-5)
#define _NORMAL_BLOCK 1

#define _CrtSetDbgFlag(flag) ((void)(flag), 0)
#define _CrtSetReportMode(type, mode) ((void)(type), (void)(mode), 0)
#define _CrtSetReportFile(type, file) ((void)(type), (void)(file), (HANDLE)0)
#define _CrtDumpMemoryLeaks() 0
#define _CrtCheckMemory() 1
#define _CrtSetBreakAlloc(number) ((void)(number), 0L)

#ifdef _DEBUG
#define _ASSERT(expression) \
    ((void)((expression) || (fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #expression), 0)))
#define _ASSERTE(expression) _ASSERT(expression)
#define _ASSERT_EXPR(expression, message) _ASSERT(expression)
#define _RPT0(type, message) ((void)(type), fprintf(stderr, "%s", message))
#define _RPT1(type, format, a) ((void)(type), fprintf(stderr, format, a))
#define _RPT2(type, format, a, b) ((void)(type), fprintf(stderr, format, a, b))
#define _RPT3(type, format, a, b, c) ((void)(type), fprintf(stderr, format, a, b, c))
#define _RPT4(type, format, a, b, c, d) ((void)(type), fprintf(stderr, format, a, b, c, d))
#define _RPTF0(type, message) (fprintf(stderr, "%s(%d) : ", __FILE__, __LINE__), _RPT0(type, message))
#define _RPTF1(type, format, a) (fprintf(stderr, "%s(%d) : ", __FILE__, __LINE__), _RPT1(type, format, a))
#define _RPTF2(type, format, a, b) (fprintf(stderr, "%s(%d) : ", __FILE__, __LINE__), _RPT2(type, format, a, b))
#else
#define _ASSERT(expression) ((void)0)
#define _ASSERTE(expression) ((void)0)
#define _ASSERT_EXPR(expression, message) ((void)0)
#define _RPT0(type, message) ((void)0)
#define _RPT1(type, format, a) ((void)0)
#define _RPT2(type, format, a, b) ((void)0)
#define _RPT3(type, format, a, b, c) ((void)0)
#define _RPT4(type, format, a, b, c, d) ((void)0)
#define _RPTF0(type, message) ((void)0)
#define _RPTF1(type, format, a) ((void)0)
#define _RPTF2(type, format, a, b) ((void)0)
#endif
#endif /* ISAPI_BRIDGE_CRTDBG_H */
