// Copies the destination MAC over the source MAC with bpf_skb_store_bytes reading from the packet
// itself: the helper's source may not point into the packet (no pkt_access).
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

SEC("tc")
int packet_as_store_bytes_source(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	bpf_skb_store_bytes(skb, ETH_ALEN, eth->h_dest, ETH_ALEN, 0);
	return TC_ACT_OK;
}
