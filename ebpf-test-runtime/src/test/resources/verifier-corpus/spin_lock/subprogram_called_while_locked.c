// Calls a static subprogram (no helper) while holding the lock: bpf-to-bpf calls are allowed there.
// kernel: accepted
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
} counters SEC(".maps");

static __attribute__((noinline)) __u64 next(__u64 v)
{
	return v + 1;
}

SEC("tc")
int subprogram_called_while_locked(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct counter *c = bpf_map_lookup_elem(&counters, &key);

	if (!c)
		return TC_ACT_OK;
	bpf_spin_lock(&c->lock);
	c->packets = next(c->packets);
	bpf_spin_unlock(&c->lock);
	return TC_ACT_OK;
}
