// Writes a 4-byte field at offset 6 of an 8-byte value: its last two bytes are outside.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} small SEC(".maps");

SEC("tc")
int write_past_value_end(struct __sk_buff *skb)
{
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&small, &key);

	if (!value)
		return TC_ACT_OK;
	*(volatile __u32 *)(value + 6) = skb->len;
	return TC_ACT_OK;
}
