// bpf_ktime_get_ns is offered to tracing programs.
// kernel: accepted
#include "corpus.h"

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_calls_ktime_get_ns(void *ctx)
{
	return bpf_ktime_get_ns() & 1;
}
