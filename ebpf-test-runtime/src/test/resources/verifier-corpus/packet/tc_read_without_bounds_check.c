// A classifier reads the EtherType without checking data_end.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("tc")
int tc_read_without_bounds_check(struct __sk_buff *skb)
{
	struct ethhdr *eth = (void *)(long)skb->data;

	return eth->h_proto == bpf_htons(ETH_P_IP) ? TC_ACT_SHOT : TC_ACT_OK;
}
