// A packet pointer passed for a pointer argument after the caller checked that the argument's
// type (4 bytes) lies in the packet: accepted.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int load_u32(__u32 *p)
{
	return p ? *p & 1 : 0;
}

SEC("xdp")
int global_argument_checked_packet(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 4 > end)
		return XDP_PASS;
	return load_u32(data) ? XDP_DROP : XDP_PASS;
}
