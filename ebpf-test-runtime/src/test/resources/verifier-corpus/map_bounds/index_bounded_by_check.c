// A variable index compared with the array length before use.
// kernel: accepted
#include "corpus.h"

struct slots {
	__u64 v[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slots);
} table SEC(".maps");

SEC("tc")
int index_bounded_by_check(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);
	__u32 i = skb->queue_mapping;

	if (i < 8)
		s->v[i] += skb->len;
	return TC_ACT_OK;
}
