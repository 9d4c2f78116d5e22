// bpf_redirect_map on a devmap, its intended map type.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} ports SEC(".maps");

SEC("xdp")
int redirect_map_on_devmap(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ports, ctx->rx_queue_index & 3, XDP_PASS);
}
