// Takes the lock of one map's value and releases the lock of another map's value.
// kernel: refused: bpf_spin_unlock of different lock
#include "corpus.h"

struct counter {
	struct bpf_spin_lock lock;
	__u64 packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} ingress SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} egress SEC(".maps");

SEC("tc")
int unlock_of_another_maps_lock(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct counter *in = bpf_map_lookup_elem(&ingress, &key);
	struct counter *out = bpf_map_lookup_elem(&egress, &key);

	if (!in || !out)
		return TC_ACT_OK;
	bpf_spin_lock(&in->lock);
	in->packets++;
	bpf_spin_unlock(&out->lock);
	return TC_ACT_OK;
}
