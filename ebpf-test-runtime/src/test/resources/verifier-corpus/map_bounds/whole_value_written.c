// Writes every byte of a 32-byte value, field by field.
// kernel: accepted
#include "corpus.h"

struct flow {
	__u64 packets;
	__u64 bytes;
	__u32 ifindex;
	__u32 queue;
	__u64 last_len;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct flow);
} flows SEC(".maps");

SEC("tc")
int whole_value_written(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct flow *f = bpf_map_lookup_elem(&flows, &key);

	f->packets = 1;
	f->bytes = skb->len;
	f->ifindex = skb->ifindex;
	f->queue = skb->queue_mapping;
	f->last_len = skb->len;
	return TC_ACT_OK;
}
