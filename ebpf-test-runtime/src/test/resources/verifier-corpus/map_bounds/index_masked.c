// A variable index masked with & 7 stays inside an 8-element value.
// kernel: accepted
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
int index_masked(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);
	__u32 i = ctx->rx_queue_index & 7;

	s->v[i] += 1;
	return XDP_PASS;
}
