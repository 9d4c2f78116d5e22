// tc programs may.
// kernel: accepted
#include "corpus.h"

struct value {
	struct bpf_spin_lock lock;
	__u32 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct value);
} locked SEC(".maps");

SEC("tc")
int tc_refers_to_locked_map(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct value *v = bpf_map_lookup_elem(&locked, &key);

	return v ? v->count : 0;
}
