// Reads four bytes of metadata in front of the packet after checking data_meta + 4 <= data.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_data_meta_after_check(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	__u32 *meta = (void *)(long)ctx->data_meta;

	if ((void *)(meta + 1) > data)
		return XDP_PASS;
	return *meta == 7 ? XDP_DROP : XDP_PASS;
}
