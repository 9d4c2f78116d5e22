// timer_inner_mismatch.c in a tracing program (a kprobe), whose helper arguments the verifier checks
// no further here: Linux refuses it for the map_uid all the same. The program names only outer_arr,
// whose values hold no timer, so "tracing progs cannot use bpf_timer yet" does not apply.
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
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_hash);
} outer_arr SEC(".maps") = {
	.values = { &inner_a, &inner_b },
};

SEC("kprobe/do_nanosleep")
int init_with_other_inner(void *ctx)
{
	__u32 zero = 0, one = 1, key = 10;
	void *first, *second;
	struct elem *e;

	first = bpf_map_lookup_elem(&outer_arr, &zero);
	if (!first)
		return 1;
	second = bpf_map_lookup_elem(&outer_arr, &one);
	if (!second)
		return 2;
	e = bpf_map_lookup_elem(first, &key);
	if (!e)
		return 3;
	return bpf_timer_init(&e->t, second, CLOCK_MONOTONIC);
}

char _license[] SEC("license") = "GPL";
