// A load from a value of an array created with BPF_F_WRONLY_PROG: programs may only write it.
// kernel: refused: read from map forbidden
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(map_flags, BPF_F_WRONLY_PROG);
} counters SEC(".maps");

SEC("xdp")
int load_from_write_only_array(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	return v && *v == 1 ? XDP_DROP : XDP_PASS;
}
