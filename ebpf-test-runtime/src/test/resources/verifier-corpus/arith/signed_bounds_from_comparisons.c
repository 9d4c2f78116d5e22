// Signed comparisons bound a value to -8..7, then an offset into a map value uses it + 8.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} table SEC(".maps");

SEC("xdp")
int signed_bounds_from_comparisons(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&table, &key);
	int d = (int)ctx->rx_queue_index;

	if (!v || d < -8 || d > 7)
		return XDP_PASS;
	return v[d + 8] ? XDP_DROP : XDP_PASS;
}
