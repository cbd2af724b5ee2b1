/* isapi-bridge: SAL annotations compile to nothing. */
#ifndef ISAPI_BRIDGE_SAL_H
#define ISAPI_BRIDGE_SAL_H
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _Inout_
#define _Inout_opt_
#define _Out_
#define _Out_opt_
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Deref_out_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_bytes_to_(n, m)
#define _Out_writes_to_(n, m)
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Ret_writes_(n)
#define _Ret_writes_bytes_(n)
#define _Ret_writes_bytes_maybenull_(n)
#define _Field_size_(n)
#define _Field_size_bytes_(n)
#define _Field_size_opt_(n)
#define _Field_size_bytes_opt_(n)
#define _Field_range_(a, b)
#define _Success_(expr)
#define _Check_return_
#define _Must_inspect_result_
#define _Pre_notnull_
#define _Post_invalid_
#define _Null_terminated_
#define __RPC__in
#define __RPC__out
#endif
