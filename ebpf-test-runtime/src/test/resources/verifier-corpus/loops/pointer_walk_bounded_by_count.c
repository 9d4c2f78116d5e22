// Advances a packet pointer by 4 bytes per round, at most 32 rounds, checking each word.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int pointer_walk_bounded_by_count(struct xdp_md *ctx)
{
	__u32 *p = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 x = 0;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 32; i++) {
		if ((void *)(p + 1) > data_end)
			break;
		x ^= *p++;
	}
	return x == 0 ? XDP_DROP : XDP_PASS;
}
