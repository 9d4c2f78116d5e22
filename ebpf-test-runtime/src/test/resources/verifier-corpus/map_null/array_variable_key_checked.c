// A key from the context may be out of range, so the NULL check is needed and present.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} per_queue SEC(".maps");

SEC("xdp")
int array_variable_key_checked(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index;
	__u64 *value = bpf_map_lookup_elem(&per_queue, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	return XDP_PASS;
}
