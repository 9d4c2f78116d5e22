// A loop of 100 iterations over a counter: Linux walks it, since it ends.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int bounded_for_loop(struct xdp_md *ctx)
{
	__u32 acc = ctx->rx_queue_index;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 100; i++)
		acc = acc * 31 + i;
	return acc & 1 ? XDP_DROP : XDP_PASS;
}
