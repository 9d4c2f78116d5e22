// A lock inside a hash map value, taken after the lookup's NULL check.
// kernel: accepted
#include "corpus.h"

struct flow {
	struct bpf_spin_lock lock;
	__u32 packets;
	__u32 last_len;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct flow);
} flows SEC(".maps");

SEC("tc")
int lock_in_hash_value(struct __sk_buff *skb)
{
	__u32 key = skb->ifindex;
	struct flow *f = bpf_map_lookup_elem(&flows, &key);

	if (!f)
		return TC_ACT_OK;
	bpf_spin_lock(&f->lock);
	f->packets++;
	f->last_len = skb->len;
	bpf_spin_unlock(&f->lock);
	return TC_ACT_OK;
}
