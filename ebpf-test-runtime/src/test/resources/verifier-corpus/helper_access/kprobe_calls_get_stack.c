// bpf_get_stack, refused to XDP and tc, is offered to kprobes.
// kernel: accepted
#include "corpus.h"

SEC("kprobe/do_nanosleep")
int kprobe_calls_get_stack(void *ctx)
{
	__u64 stack[4];

	return bpf_get_stack(ctx, stack, sizeof(stack), 0) > 0;
}
