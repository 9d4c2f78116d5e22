// Masks the index with & 15 for an 8-element array: indexes 8..15 are outside the value.
// kernel: refused: invalid access to map value
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

SEC("xdp")
int masked_index_too_wide(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);

	return s->v[ctx->rx_queue_index & 15] ? XDP_DROP : XDP_PASS;
}
