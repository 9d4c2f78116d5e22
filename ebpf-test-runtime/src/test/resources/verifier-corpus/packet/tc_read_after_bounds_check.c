// A classifier reads the packet directly after the bounds check, as XDP does.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int tc_read_after_bounds_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	return eth->h_proto == bpf_htons(ETH_P_IPV6) ? TC_ACT_SHOT : TC_ACT_OK;
}
