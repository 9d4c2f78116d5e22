// A socket filter reads an array value looked up with the packet's protocol, unchecked.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} snap_len SEC(".maps");

SEC("socket")
int socket_filter_lookup_unchecked(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u32 *value = bpf_map_lookup_elem(&snap_len, &key);

	return *value;
}
