// A classifier's helpers: load bytes, store bytes, mark-based redirect.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int tc_packet_helpers(struct __sk_buff *skb)
{
	__u8 ttl;

	if (bpf_skb_load_bytes(skb, ETH_HLEN + 8, &ttl, 1))
		return TC_ACT_OK;
	ttl = 64;
	bpf_skb_store_bytes(skb, ETH_HLEN + 8, &ttl, 1, 0);
	if (skb->mark == 7)
		return bpf_redirect(skb->ifindex, BPF_F_INGRESS);
	return TC_ACT_OK;
}
