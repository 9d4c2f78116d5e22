// Reads an LRU hash value after the check, or inserts a new entry when it is missing.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

SEC("tc")
int lru_hash_checked_then_updated(struct __sk_buff *skb)
{
	__u32 key = skb->ifindex;
	__u64 one = 1;
	__u64 *value = bpf_map_lookup_elem(&seen, &key);

	if (value) {
		*value += 1;
		return TC_ACT_OK;
	}
	bpf_map_update_elem(&seen, &key, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}
