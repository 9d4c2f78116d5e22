// A check clang keeps but the verifier proves always false (a u8 is never above 255).
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int dead_code_from_compiler_view(struct xdp_md *ctx)
{
	volatile __u8 small = ctx->rx_queue_index;
	__u32 v = small;

	if (v > 255)
		return XDP_ABORTED;
	return XDP_PASS;
}
