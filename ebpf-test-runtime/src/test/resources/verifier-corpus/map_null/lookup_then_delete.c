// Reads a value after the check, then deletes its entry.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tc")
int lookup_then_delete(struct __sk_buff *skb)
{
	__u32 key = skb->mark;
	__u64 *value = bpf_map_lookup_elem(&counts, &key);

	if (!value)
		return TC_ACT_OK;
	if (*value > 10)
		bpf_map_delete_elem(&counts, &key);
	return TC_ACT_OK;
}
