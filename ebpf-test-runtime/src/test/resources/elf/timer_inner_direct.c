// bpf_timer_init of a timer in an inner map reached through the outer map, given that same inner
// map by name: the verifier sees two different maps (the outer map's inner template, map_uid of
// the lookup, and inner_a itself, map_uid 0), and Linux refuses the program.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct elem {
	__u64 fired;
	struct bpf_timer t;
};

struct inner_hash {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct elem);
} inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_hash);
} outer_arr SEC(".maps") = {
	.values = { &inner_a },
};

SEC("tc")
int init_with_map_by_name(struct __sk_buff *skb)
{
	__u32 zero = 0, key = 10;
	struct elem *e;
	void *inner;

	inner = bpf_map_lookup_elem(&outer_arr, &zero);
	if (!inner)
		return 1;
	e = bpf_map_lookup_elem(inner, &key);
	if (!e)
		return 2;
	return bpf_timer_init(&e->t, &inner_a, CLOCK_MONOTONIC);
}

char _license[] SEC("license") = "GPL";
