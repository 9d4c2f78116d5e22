// A callback that looks a map up and checks the result before use.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} weights SEC(".maps");

static int add_weight(__u32 index, void *data)
{
	__u64 *w = bpf_map_lookup_elem(&weights, &index);

	if (w)
		*(__u64 *)data += *w;
	return 0;
}

SEC("socket")
int loop_callback_uses_map(struct __sk_buff *skb)
{
	__u64 total = 0;

	bpf_loop(16, add_weight, &total, 0);
	return total & 0xffff;
}
