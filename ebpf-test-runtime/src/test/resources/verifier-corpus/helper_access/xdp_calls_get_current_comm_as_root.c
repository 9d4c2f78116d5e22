// bpf_get_current_comm is among the base helpers every program type gets when the loader has
// CAP_PERFMON (root here), so XDP may call it.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_calls_get_current_comm_as_root(struct xdp_md *ctx)
{
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	return comm[0] ? XDP_DROP : XDP_PASS;
}
