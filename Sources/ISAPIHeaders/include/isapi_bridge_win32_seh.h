/* isapi-bridge: structured exception handling (__try/__except/__finally) as plain control flow.
 *
 * Linux compilers have no SEH, and catching SIGSEGV with sigsetjmp inside a multi-threaded server
 * would resume code whose state is corrupt, so no fault is ever caught here: a crash inside a
 * __try block ends the worker process, which reports the native call in flight and is restarted.
 * What the keywords become (docs/win32-support-kernel.md, "SEH"):
 *
 *   C:    __try { A } __except (f) { H }   ->  if (1) { A } else if (0) { H }     H never runs, f is not evaluated
 *         __try { A } __finally { F }      ->  if (1) { A } if (1) { F }          F runs after A completes
 *   C++:  __try { A } __except (f) { H }   ->  try { A } catch (...) { H }        H runs for a C++ exception
 *         __try { A } __finally { F }      ->  try { A } catch (never thrown) {} if (true) { F }
 *
 * In C++ __try is `try`, exactly as libstdc++ defines it for its own headers, so both definitions
 * agree; MSVC's __except also catches C++ exceptions (they are SEH exceptions there), so a handler
 * running for a C++ exception is what the code already expects. Without C++ exceptions
 * (-fno-exceptions) C++ gets the C mapping. `__leave` is not mapped: the compiler names it; use
 * `goto` to a label before the __finally block.
 * Included by windows.h; not a public header on its own. */
#ifndef ISAPI_BRIDGE_WIN32_SEH_H
#define ISAPI_BRIDGE_WIN32_SEH_H

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

#define EXCEPTION_ACCESS_VIOLATION ((DWORD)0xC0000005L)
#define EXCEPTION_DATATYPE_MISALIGNMENT ((DWORD)0x80000002L)
#define EXCEPTION_BREAKPOINT ((DWORD)0x80000003L)
#define EXCEPTION_ARRAY_BOUNDS_EXCEEDED ((DWORD)0xC000008CL)
#define EXCEPTION_FLT_DIVIDE_BY_ZERO ((DWORD)0xC000008EL)
#define EXCEPTION_INT_DIVIDE_BY_ZERO ((DWORD)0xC0000094L)
#define EXCEPTION_INT_OVERFLOW ((DWORD)0xC0000095L)
#define EXCEPTION_ILLEGAL_INSTRUCTION ((DWORD)0xC000001DL)
#define EXCEPTION_STACK_OVERFLOW ((DWORD)0xC00000FDL)
#define EXCEPTION_IN_PAGE_ERROR ((DWORD)0xC0000006L)
#define EXCEPTION_NONCONTINUABLE_EXCEPTION ((DWORD)0xC0000025L)
#define EXCEPTION_INVALID_HANDLE ((DWORD)0xC0000008L)
#define STATUS_ACCESS_VIOLATION EXCEPTION_ACCESS_VIOLATION
#define EXCEPTION_NONCONTINUABLE 0x1
#define EXCEPTION_MAXIMUM_PARAMETERS 15

typedef struct _EXCEPTION_RECORD {
    DWORD ExceptionCode;
    DWORD ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    DWORD NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;
/* The processor context is opaque here: no handler ever receives one. */
typedef struct _CONTEXT CONTEXT, *PCONTEXT;
typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS, *LPEXCEPTION_POINTERS;

#if defined(__cplusplus) && (defined(__cpp_exceptions) || defined(__EXCEPTIONS))
/* The exception code MSVC gives a C++ exception, the only kind a handler sees here. */
#define GetExceptionCode() ((DWORD)0xE06D7363L)
#define _exception_code() GetExceptionCode()
#define GetExceptionInformation() ((PEXCEPTION_POINTERS)0)
#define _exception_info() GetExceptionInformation()
#define AbnormalTermination() 0
#define _abnormal_termination() 0
struct isapi_bridge_seh_never_thrown {};
#define __try try
#define __except(filter) catch (...)
#define __finally catch (const isapi_bridge_seh_never_thrown &) {} if (true)
#else
#define GetExceptionCode() ((DWORD)0)
#define _exception_code() GetExceptionCode()
#define GetExceptionInformation() ((PEXCEPTION_POINTERS)0)
#define _exception_info() GetExceptionInformation()
#define AbnormalTermination() 0
#define _abnormal_termination() 0
#ifdef __cplusplus
/* Spelled as libstdc++ spells its own __try without exceptions. */
#define __try if (true)
#define __except(filter) else if (((void)sizeof(filter)), false)
#define __finally if (true)
#else
#define __try if (1)
/* sizeof keeps the filter expression compiled (and its names used) without evaluating it. */
#define __except(filter) else if (((void)sizeof(filter)), 0)
#define __finally if (1)
#endif
#endif

#endif /* ISAPI_BRIDGE_WIN32_SEH_H */
