// A timer in a map whose value has no BTF type (only its size): Linux 6.18's verifier refuses
// bpf_timer_init there, as it cannot know where the timer is.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, 4);
	__uint(value_size, 16);
} sized SEC(".maps");

SEC("tc")
int init_timer(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct bpf_timer *t = bpf_map_lookup_elem(&sized, &zero);

	if (!t)
		return 1;
	return bpf_timer_init(t, &sized, 1);
}

char _license[] SEC("license") = "GPL";
