// A variable offset into the packet, bounded by a mask, then checked against data_end.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_variable_offset_masked_and_checked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	unsigned long off;

	if (data + 1 > data_end)
		return XDP_PASS;
	off = data[0] & 0x3f;
	if (data + off + 1 > data_end)
		return XDP_PASS;
	return data[off] == 0xff ? XDP_DROP : XDP_PASS;
}
