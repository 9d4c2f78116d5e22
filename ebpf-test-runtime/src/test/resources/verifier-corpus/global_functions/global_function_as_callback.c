// A callback must be static: loading a global function's address is refused.
// kernel: refused: callback function not static
#include "corpus.h"

__attribute__((noinline)) int step(__u32 i, void *ctx)
{
	return 0;
}

SEC("xdp")
int global_function_as_callback(struct xdp_md *ctx)
{
	bpf_loop(4, step, 0, 0);
	return XDP_PASS;
}
