// Calls a global (non-static) function, which Linux verifies once on its own, from its BTF.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int global_mix(int x)
{
	return (x * 7) ^ (x >> 3);
}

SEC("xdp")
int global_function_call(struct xdp_md *ctx)
{
	return global_mix(ctx->rx_queue_index) & 1 ? XDP_DROP : XDP_PASS;
}
