// A callback reads a hash value without checking the lookup.
// kernel: refused: invalid mem access 'map_value_or_null'
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

	*(__u64 *)data += *w;
	return 0;
}

SEC("tc")
int loop_callback_unchecked_lookup(struct __sk_buff *skb)
{
	__u64 total = 0;

	bpf_loop(16, add_weight, &total, 0);
	return TC_ACT_OK;
}
