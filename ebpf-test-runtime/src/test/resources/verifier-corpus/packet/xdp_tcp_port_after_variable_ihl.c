// Finds the TCP header behind an IPv4 header of variable length (ihl * 4) and checks it again.
// kernel: accepted
#include "corpus.h"
#include <linux/tcp.h>

SEC("xdp")
int xdp_tcp_port_after_variable_ihl(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP || ip->ihl < 5)
		return XDP_PASS;
	tcp = (void *)ip + ip->ihl * 4;
	if ((void *)(tcp + 1) > data_end)
		return XDP_PASS;
	return tcp->dest == bpf_htons(22) ? XDP_DROP : XDP_PASS;
}
