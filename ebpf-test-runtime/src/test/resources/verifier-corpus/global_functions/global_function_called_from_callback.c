// A static bpf_loop callback calling a global function with the loop index: accepted.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int odd(__u32 i)
{
	return i & 1;
}

static int step(__u32 i, void *ctx)
{
	*(int *)ctx += odd(i);
	return 0;
}

SEC("xdp")
int global_function_called_from_callback(struct xdp_md *ctx)
{
	int n = 0;

	bpf_loop(4, step, &n, 0);
	return n == 2 ? XDP_PASS : XDP_DROP;
}
