// Checks the Ethernet header, then the IPv4 header behind it, before reading the protocol.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_ipv4_after_two_checks(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	return ip->protocol == IPPROTO_TCP ? XDP_DROP : XDP_PASS;
}
