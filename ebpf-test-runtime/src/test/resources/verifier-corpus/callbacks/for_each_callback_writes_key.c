// A bpf_for_each_map_elem callback may change the value but not the key.
// kernel: refused: write to change key R2 not allowed
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

static __u64 clear_key(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*(volatile __u32 *)key = 0;
	return 0;
}

SEC("xdp")
int for_each_callback_writes_key(struct xdp_md *ctx)
{
	bpf_for_each_map_elem(&totals, clear_key, NULL, 0);
	return XDP_PASS;
}
