// Reads byte 23 (the IPv4 protocol) with no bounds check at all.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
int xdp_read_without_bounds_check(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;

	return data[23] == IPPROTO_TCP ? XDP_DROP : XDP_PASS;
}
