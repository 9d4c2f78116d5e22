// An array key read from the context may be out of range: the value must be NULL-checked.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} per_queue SEC(".maps");

SEC("xdp")
int array_variable_key_unchecked(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index;
	__u64 *value = bpf_map_lookup_elem(&per_queue, &key);

	*value += 1;
	return XDP_PASS;
}
