// The neighbour of load_from_write_only_array: storing into a BPF_F_WRONLY_PROG array is allowed.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(map_flags, BPF_F_WRONLY_PROG);
} counters SEC(".maps");

SEC("xdp")
int store_into_write_only_array(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	if (v)
		*v = ctx->ingress_ifindex;
	return XDP_PASS;
}
