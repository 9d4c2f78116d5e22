// A 12-byte struct key built on the stack and passed to a lookup.
// kernel: accepted
#include "corpus.h"

struct flow_key {
	__u32 ifindex;
	__u32 queue;
	__u16 proto;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct flow_key);
	__type(value, __u64);
} flows SEC(".maps");

SEC("tc")
int struct_key_on_stack(struct __sk_buff *skb)
{
	struct flow_key key = {
		.ifindex = skb->ifindex,
		.queue = skb->queue_mapping,
		.proto = skb->protocol,
	};
	__u64 *count = bpf_map_lookup_elem(&flows, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	return TC_ACT_OK;
}
