// Reads byte 32 of a 32-byte hash value.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, char[32]);
} names SEC(".maps");

SEC("socket")
int string_read_past_hash_value(struct __sk_buff *skb)
{
	__u32 key = 1;
	char *name = bpf_map_lookup_elem(&names, &key);

	if (!name)
		return 0;
	return ((volatile char *)name)[32];
}
