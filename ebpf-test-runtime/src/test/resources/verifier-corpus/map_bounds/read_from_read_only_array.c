// The neighbour of store_into_read_only_array: reading a BPF_F_RDONLY_PROG array is allowed.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(map_flags, BPF_F_RDONLY_PROG);
} settings SEC(".maps");

SEC("xdp")
int read_from_read_only_array(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&settings, &key);

	return v && *v == 1 ? XDP_DROP : XDP_PASS;
}
