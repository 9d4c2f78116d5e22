// Initialises the struct bpf_timer of a checked map value, as the timer helpers want it.
// kernel: accepted
#include "corpus.h"

struct elem {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

SEC("tc")
int timer_in_map_value(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &key);

	if (e)
		bpf_timer_init(&e->timer, &timers, 1 /* CLOCK_MONOTONIC */);
	return TC_ACT_OK;
}
