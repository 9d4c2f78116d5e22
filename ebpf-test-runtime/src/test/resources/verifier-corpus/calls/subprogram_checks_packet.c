// A static subprogram receives the packet pointers and does its own bounds check.
// kernel: accepted
#include "corpus.h"

static __attribute__((noinline)) int is_arp(void *data, void *data_end)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return 0;
	return eth->h_proto == bpf_htons(ETH_P_ARP);
}

SEC("xdp")
int subprogram_checks_packet(struct xdp_md *ctx)
{
	return is_arp((void *)(long)ctx->data, (void *)(long)ctx->data_end) ? XDP_DROP : XDP_PASS;
}
