// A socket filter counts packets per protocol in a hash map, checking the value first.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} per_protocol SEC(".maps");

SEC("socket")
int socket_filter_lookup_checked(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u64 *value = bpf_map_lookup_elem(&per_protocol, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	return skb->len;
}
