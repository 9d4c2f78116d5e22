// A per-CPU hash value, checked, then increased without atomics (each CPU has its own copy).
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} bytes SEC(".maps");

SEC("cgroup_skb/egress")
int percpu_hash_checked(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u64 *value = bpf_map_lookup_elem(&bytes, &key);

	if (value)
		*value += skb->len;
	return 1;
}
