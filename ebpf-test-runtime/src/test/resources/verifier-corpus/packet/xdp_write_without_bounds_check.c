// Writes the first byte of the packet without a bounds check.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
int xdp_write_without_bounds_check(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;

	data[0] = 0xff;
	return XDP_TX;
}
