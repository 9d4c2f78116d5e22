// Indexes a map value with an unchecked 32-bit value from the context.
// kernel: refused: unbounded memory access
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
int index_unbounded(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);

	s->v[ctx->rx_queue_index] += 1;
	return XDP_PASS;
}
