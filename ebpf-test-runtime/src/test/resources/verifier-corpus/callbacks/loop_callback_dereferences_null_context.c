// The callback reads through its context argument, but the caller passed NULL as the context.
// kernel: refused: invalid mem access 'scalar'
#include "corpus.h"

static int read_context(__u32 index, void *data)
{
	return *(volatile __u64 *)data & 1;
}

SEC("xdp")
int loop_callback_dereferences_null_context(struct xdp_md *ctx)
{
	bpf_loop(4, read_context, NULL, 0);
	return XDP_PASS;
}
