// Hands checked metadata in front of the packet (data_meta) to bpf_trace_printk as its format: a
// pointer to the metadata counts as a packet pointer, and the helper has no pkt_access.
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

SEC("xdp")
int metadata_as_trace_printk_format(struct xdp_md *ctx)
{
	void *meta = (void *)(long)ctx->data_meta;
	void *data = (void *)(long)ctx->data;

	if (meta + 4 > data)
		return XDP_PASS;
	bpf_trace_printk(meta, 4);
	return XDP_PASS;
}
