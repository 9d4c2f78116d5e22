// Computes the checksum difference over checked IPv4 addresses in the packet: bpf_csum_diff has
// pkt_access, so both of its buffers may point into the packet.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int packet_in_csum_diff(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	return bpf_csum_diff(&ip->saddr, 4, &ip->daddr, 4, 0) ? XDP_PASS : XDP_DROP;
}
