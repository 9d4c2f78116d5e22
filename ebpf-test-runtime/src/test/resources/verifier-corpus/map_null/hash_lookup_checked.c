// Looks a key up in a hash map and reads the value only after the NULL check.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int hash_lookup_checked(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex;
	__u64 *value = bpf_map_lookup_elem(&counts, &key);

	if (!value)
		return XDP_PASS;
	return *value > 100 ? XDP_DROP : XDP_PASS;
}
