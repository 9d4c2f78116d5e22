// XDP's own helpers: grows the head, checks bounds again, then redirects.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_redirect_and_adjust_head(struct xdp_md *ctx)
{
	void *data, *data_end;

	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 4 > data_end)
		return XDP_ABORTED;
	*(__u32 *)data = bpf_get_smp_processor_id();
	return bpf_redirect(ctx->ingress_ifindex, 0);
}
