// A global function nothing calls is never verified: its unchecked packet read does not matter.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int first_byte(struct xdp_md *ctx)
{
	return *(__u8 *)(long)ctx->data;
}

SEC("xdp")
int global_function_unused(struct xdp_md *ctx)
{
	return XDP_PASS;
}
