// A bpf-to-bpf call passes r1-r5 to the callee, so the callee may read r1.
// kernel: accepted
#include "corpus.h"

static __attribute__((noinline)) int twice(int x)
{
	return x * 2;
}

SEC("xdp")
int callee_reads_its_argument(struct xdp_md *ctx)
{
	return twice(ctx->rx_queue_index) == 4 ? XDP_DROP : XDP_PASS;
}
