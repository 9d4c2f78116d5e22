// A socket filter reads ifindex, protocol and pkt_type.
// kernel: accepted
#include "corpus.h"

SEC("socket")
int socket_filter_reads_ifindex_and_protocol(struct __sk_buff *skb)
{
	if (skb->pkt_type != 0 || skb->ifindex == 1)
		return 0;
	return skb->protocol == bpf_htons(ETH_P_IP) ? skb->len : 0;
}
