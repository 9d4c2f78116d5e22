// bpf_get_stack copies a kernel stack trace: a tracing helper XDP does not get.
// kernel: refused: program of this type cannot use helper bpf_get_stack#67
#include "corpus.h"

SEC("xdp")
int xdp_calls_get_stack(struct xdp_md *ctx)
{
	__u64 frames[4];

	return bpf_get_stack(ctx, frames, sizeof(frames), 0) > 0 ? XDP_DROP : XDP_PASS;
}
