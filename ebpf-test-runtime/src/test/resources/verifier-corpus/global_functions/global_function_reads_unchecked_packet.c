// A global function is verified on its own, with its argument typed by BTF (here the XDP
// context), so its packet read without a bounds check is refused even though no caller's
// state would tell.
// kernel: refused: invalid access to packet
#include "corpus.h"

__attribute__((noinline)) int first_byte(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;

	return data[0];
}

SEC("xdp")
int global_function_reads_unchecked_packet(struct xdp_md *ctx)
{
	return first_byte(ctx) ? XDP_DROP : XDP_PASS;
}
