// Locks a map value whose type has no bpf_spin_lock.
// kernel: refused: has no valid bpf_spin_lock
#include "corpus.h"

struct plain {
	__u32 word;
	__u32 packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct plain);
} plain_values SEC(".maps");

SEC("tc")
int lock_in_value_without_lock_field(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct plain *p = bpf_map_lookup_elem(&plain_values, &key);

	if (!p)
		return TC_ACT_OK;
	bpf_spin_lock((struct bpf_spin_lock *)&p->word);
	p->packets++;
	bpf_spin_unlock((struct bpf_spin_lock *)&p->word);
	return TC_ACT_OK;
}
