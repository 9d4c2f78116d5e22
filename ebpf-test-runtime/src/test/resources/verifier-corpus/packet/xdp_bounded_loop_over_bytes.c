// Sums the first 16 bytes, checking each one against data_end inside a bounded loop.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_bounded_loop_over_bytes(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	unsigned int sum = 0;

	for (int i = 0; i < 16; i++) {
		if (data + i + 1 > data_end)
			break;
		sum += data[i];
	}
	return sum & 1 ? XDP_DROP : XDP_PASS;
}
