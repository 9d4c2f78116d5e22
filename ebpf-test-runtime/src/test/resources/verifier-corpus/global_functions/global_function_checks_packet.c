// The same read after a bounds check inside the global function: accepted.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int first_byte(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return 0;
	return data[0];
}

SEC("xdp")
int global_function_checks_packet(struct xdp_md *ctx)
{
	return first_byte(ctx) ? XDP_DROP : XDP_PASS;
}
