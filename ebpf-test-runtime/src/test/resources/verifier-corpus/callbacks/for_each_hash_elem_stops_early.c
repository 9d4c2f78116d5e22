// Walks a hash map until a value above 100 is found (the callback returns 1 to stop).
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __u64 find_big(void *map, __u32 *key, __u64 *value, __u32 *found)
{
	if (*value > 100) {
		*found = *key;
		return 1;
	}
	return 0;
}

SEC("xdp")
int for_each_hash_elem_stops_early(struct xdp_md *ctx)
{
	__u32 found = 0;

	bpf_for_each_map_elem(&counts, find_big, &found, 0);
	return found ? XDP_DROP : XDP_PASS;
}
