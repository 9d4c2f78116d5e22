// A store into a value of an array created with BPF_F_RDONLY_PROG: programs may only read it,
// whether or not it is frozen.
// kernel: refused: write into map forbidden
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(map_flags, BPF_F_RDONLY_PROG);
} settings SEC(".maps");

SEC("xdp")
int store_into_read_only_array(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&settings, &key);

	if (v)
		*v = ctx->ingress_ifindex;
	return XDP_PASS;
}
