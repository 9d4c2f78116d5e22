// Adds a packet byte (0..255) to data and reads there, with only the first byte checked.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
int xdp_variable_offset_unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;

	if (data + 1 > data_end)
		return XDP_PASS;
	return *(volatile unsigned char *)(data + data[0]) ? XDP_DROP : XDP_PASS;
}
