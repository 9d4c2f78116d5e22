// A bpf_timer in a per-CPU array's value: Linux 6.18 refuses to create the map (-EOPNOTSUPP);
// timers and work queues live only in array, hash and LRU hash maps.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

SEC("tc")
int init_timer(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &zero);

	if (!e)
		return 1;
	return bpf_timer_init(&e->t, &timers, 1);
}

char _license[] SEC("license") = "GPL";
