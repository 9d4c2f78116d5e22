// Checks only the Ethernet header, then reads the IPv4 protocol behind it.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
int xdp_checks_ethernet_reads_ipv4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	return ip->protocol == IPPROTO_UDP ? XDP_DROP : XDP_PASS;
}
