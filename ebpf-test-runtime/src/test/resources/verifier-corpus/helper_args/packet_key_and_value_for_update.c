// Stores a flow's checked addresses in a hash map, key and value both straight from the packet:
// the map helpers have pkt_access.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} peers SEC(".maps");

SEC("tc")
int packet_key_and_value_for_update(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	bpf_map_update_elem(&peers, &ip->saddr, &ip->daddr, BPF_ANY);
	return TC_ACT_OK;
}
