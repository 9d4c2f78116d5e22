// Reads the EtherType after checking that the whole Ethernet header lies before data_end.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_read_after_bounds_check(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	return eth->h_proto == bpf_htons(ETH_P_ARP) ? XDP_DROP : XDP_PASS;
}
