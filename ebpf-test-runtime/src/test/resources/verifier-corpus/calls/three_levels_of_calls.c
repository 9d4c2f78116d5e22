// main -> outer -> inner, each with a small stack: 3 frames, well inside the limits.
// kernel: accepted
#include "corpus.h"

static __attribute__((noinline)) __u32 inner(__u32 x)
{
	volatile __u32 buf[4] = { x, x + 1, x + 2, x + 3 };

	return buf[x & 3];
}

static __attribute__((noinline)) __u32 outer(__u32 x)
{
	volatile __u32 buf[4] = { x, 1, 2, 3 };

	return inner(buf[0]) + buf[3];
}

SEC("xdp")
int three_levels_of_calls(struct xdp_md *ctx)
{
	return outer(ctx->rx_queue_index) & 1 ? XDP_DROP : XDP_PASS;
}
