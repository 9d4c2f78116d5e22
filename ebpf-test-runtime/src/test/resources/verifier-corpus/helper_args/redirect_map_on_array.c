// bpf_redirect_map needs a devmap, cpumap or xskmap, not a plain array.
// kernel: refused: cannot pass map_type 2 into func bpf_redirect_map#51
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} ports SEC(".maps");

SEC("xdp")
int redirect_map_on_array(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ports, 0, XDP_PASS);
}
