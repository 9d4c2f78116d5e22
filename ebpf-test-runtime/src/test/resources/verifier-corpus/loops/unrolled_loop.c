// A loop clang unrolls completely: no back-edge is left for the verifier.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int unrolled_loop(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	__u32 sum = 0;

	if (data + 8 > data_end)
		return XDP_PASS;
#pragma clang loop unroll(full)
	for (int i = 0; i < 8; i++)
		sum += data[i];
	return sum > 1000 ? XDP_DROP : XDP_PASS;
}
