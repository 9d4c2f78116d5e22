// Reads a hash map value without checking that the lookup found it.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int hash_lookup_unchecked(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex;
	__u64 *value = bpf_map_lookup_elem(&counts, &key);

	return *value > 100 ? XDP_DROP : XDP_PASS;
}
