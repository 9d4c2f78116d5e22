// bpf_ktime_get_coarse_ns is refused to tracing programs (it may run in NMI context).
// kernel: refused: program of this type cannot use helper bpf_ktime_get_coarse_ns#160
#include "corpus.h"

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_calls_ktime_get_coarse_ns(void *ctx)
{
	return bpf_ktime_get_coarse_ns() & 1;
}
