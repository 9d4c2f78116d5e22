// A signed index checked only against the length may still be negative.
// kernel: refused: unbounded min value is not allowed
#include "corpus.h"

struct slots {
	__u32 v[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slots);
} table SEC(".maps");

SEC("xdp")
int signed_index_only_upper_bound(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);
	int i = (int)ctx->rx_queue_index - 4;

	if (i >= 16)
		return XDP_PASS;
	return s->v[i] ? XDP_DROP : XDP_PASS;
}
