// bpf_loop calls a callback 10 times; the callback adds to a counter on the caller's stack.
// kernel: accepted
#include "corpus.h"

static int add_index(__u32 index, void *data)
{
	*(__u64 *)data += index;
	return 0;
}

SEC("xdp")
int loop_sums_with_callback(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_loop(10, add_index, &sum, 0);
	return sum == 45 ? XDP_PASS : XDP_DROP;
}
