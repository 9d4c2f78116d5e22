// Inserts an entry and looks it up again: the lookup still needs its NULL check.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int update_then_lookup_checked(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index;
	__u64 init = 1;
	__u64 *value;

	bpf_map_update_elem(&counts, &key, &init, BPF_NOEXIST);
	value = bpf_map_lookup_elem(&counts, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	return XDP_PASS;
}
