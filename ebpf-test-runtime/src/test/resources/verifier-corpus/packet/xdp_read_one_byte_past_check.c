// Checks 14 bytes, then reads a 16-bit field at offset 13: its second byte is unchecked.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
int xdp_read_one_byte_past_check(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_PASS;
	return *(volatile __u16 *)(data + 13) == 0 ? XDP_DROP : XDP_PASS;
}
