// A packet pointer passed for a pointer argument without a bounds check: the argument's 4 bytes
// are checked at the call, as a helper's memory argument is.
// kernel: refused: invalid access to packet
#include "corpus.h"

__attribute__((noinline)) int load_u32(__u32 *p)
{
	return p ? *p & 1 : 0;
}

SEC("xdp")
int global_argument_unchecked_packet(struct xdp_md *ctx)
{
	return load_u32((void *)(long)ctx->data) ? XDP_DROP : XDP_PASS;
}
