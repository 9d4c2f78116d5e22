// A classifier's packet-shaping helpers: bpf_skb_change_tail and bpf_set_hash.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int tc_change_tail_and_set_hash(struct __sk_buff *skb)
{
	bpf_set_hash(skb, 0x1234);
	if (skb->len > 1500)
		bpf_skb_change_tail(skb, 1500, 0);
	return TC_ACT_OK;
}
