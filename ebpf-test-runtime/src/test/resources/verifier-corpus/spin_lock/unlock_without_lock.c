// Releases a lock it never took.
// kernel: refused: bpf_spin_unlock without taking a lock
#include "corpus.h"

struct counter {
	struct bpf_spin_lock lock;
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} counters SEC(".maps");

SEC("tc")
int unlock_without_lock(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct counter *c = bpf_map_lookup_elem(&counters, &key);

	if (!c)
		return TC_ACT_OK;
	c->packets++;
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}
