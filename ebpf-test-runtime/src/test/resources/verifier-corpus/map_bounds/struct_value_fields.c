// Reads and writes named fields of a struct value, all inside value_size.
// kernel: accepted
#include "corpus.h"

struct limits {
	__u32 max_len;
	__u16 min_len;
	__u8 enabled;
	__u8 pad;
	__u64 dropped;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct limits);
} config SEC(".maps");

SEC("tc")
int struct_value_fields(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct limits *l = bpf_map_lookup_elem(&config, &key);

	if (!l->enabled)
		return TC_ACT_OK;
	if (skb->len > l->max_len || skb->len < l->min_len) {
		__sync_fetch_and_add(&l->dropped, 1);
		return TC_ACT_SHOT;
	}
	return TC_ACT_OK;
}
