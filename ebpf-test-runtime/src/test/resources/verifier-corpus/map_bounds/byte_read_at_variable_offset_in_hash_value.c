// A hash value read at a masked variable byte offset, after the NULL check.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, char[32]);
} names SEC(".maps");

SEC("xdp")
int byte_read_at_variable_offset_in_hash_value(struct xdp_md *ctx)
{
	__u32 key = 1;
	char *name = bpf_map_lookup_elem(&names, &key);

	if (!name)
		return XDP_PASS;
	return name[ctx->rx_queue_index & 31] ? XDP_DROP : XDP_PASS;
}
