// 192 bytes in each of three frames: 576 bytes along the deepest path.
// kernel: refused: combined stack size of 3 calls is
#include "corpus.h"

static __attribute__((noinline)) int leaf(int x)
{
	volatile char buf[192];

	buf[0] = x;
	buf[191] = x;
	return buf[x & 0x7f];
}

static __attribute__((noinline)) int middle(int x)
{
	volatile char buf[192];

	buf[0] = x;
	buf[191] = leaf(x + 1);
	return buf[x & 0x7f];
}

SEC("xdp")
int combined_stack_of_three_frames(struct xdp_md *ctx)
{
	volatile char buf[192];

	buf[0] = ctx->rx_queue_index;
	buf[191] = middle(ctx->rx_queue_index);
	return buf[ctx->rx_queue_index & 0x7f] ? XDP_DROP : XDP_PASS;
}
