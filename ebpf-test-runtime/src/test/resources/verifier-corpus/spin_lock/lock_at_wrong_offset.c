// Passes the value's counter, not its lock, to bpf_spin_lock.
// kernel: refused: doesn't point to 'struct bpf_spin_lock'
#include "corpus.h"

struct counter {
	struct bpf_spin_lock lock;
	__u32 packets;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counter);
} counters SEC(".maps");

SEC("tc")
int lock_at_wrong_offset(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct counter *c = bpf_map_lookup_elem(&counters, &key);

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock((struct bpf_spin_lock *)&c->packets);
	bpf_spin_unlock((struct bpf_spin_lock *)&c->packets);
	return TC_ACT_OK;
}
