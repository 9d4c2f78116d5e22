// bpf_trace_printk's format size may not be zero (ARG_CONST_SIZE), in a tracepoint as anywhere.
// kernel: refused: invalid zero-sized read
#include "corpus.h"

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_printk_of_empty_format(void *ctx)
{
	char fmt[] = "getpid\n";

	bpf_trace_printk(fmt, 0);
	return 0;
}
