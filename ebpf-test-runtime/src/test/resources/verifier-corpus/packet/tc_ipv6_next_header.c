// Reads the IPv6 next-header field after checking Ethernet and IPv6 headers together.
// kernel: accepted
#include "corpus.h"
#include <linux/ipv6.h>

SEC("tc")
int tc_ipv6_next_header(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);

	if ((void *)(ip6 + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IPV6))
		return TC_ACT_OK;
	return ip6->nexthdr == IPPROTO_UDP ? TC_ACT_SHOT : TC_ACT_OK;
}
