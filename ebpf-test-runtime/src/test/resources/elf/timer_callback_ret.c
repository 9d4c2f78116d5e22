// A timer callback that returns 1: Linux 6.18's verifier lets async callbacks return only 0.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

static int returns_one(void *map, __u32 *key, struct elem *e)
{
	return 1;
}

SEC("tc")
int set_callback(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &zero);

	if (!e)
		return 1;
	bpf_timer_init(&e->t, &timers, 1);
	return bpf_timer_set_callback(&e->t, returns_one);
}

char _license[] SEC("license") = "GPL";
