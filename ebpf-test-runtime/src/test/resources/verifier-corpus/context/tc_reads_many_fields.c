// Reads vlan_tci, hash, napi_id, ingress_ifindex and tc_index from a classifier's context.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int tc_reads_many_fields(struct __sk_buff *skb)
{
	__u32 x = skb->vlan_tci ^ skb->hash ^ skb->napi_id ^ skb->ingress_ifindex ^ skb->tc_index;

	return x & 1 ? TC_ACT_SHOT : TC_ACT_OK;
}
