// A tracing (kprobe) program using a map that holds a bpf_timer: Linux 6.18's verifier refuses
// the map in tracing programs ("tracing progs cannot use bpf_timer yet").
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

SEC("kprobe/do_nanosleep")
int init_timer(void *ctx)
{
	__u32 zero = 0;
	struct elem *e = bpf_map_lookup_elem(&timers, &zero);

	if (!e)
		return 0;
	return bpf_timer_init(&e->t, &timers, 1);
}

char _license[] SEC("license") = "GPL";
