// Stores through a per-CPU hash value without a NULL check.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} bytes SEC(".maps");

SEC("tc")
int write_through_unchecked_value(struct __sk_buff *skb)
{
	__u32 key = skb->ifindex;
	__u64 *value = bpf_map_lookup_elem(&bytes, &key);

	*value = skb->len;
	return TC_ACT_OK;
}
