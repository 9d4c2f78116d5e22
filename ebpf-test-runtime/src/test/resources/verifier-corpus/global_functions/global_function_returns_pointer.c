// A global function must return a scalar in r0: returning its context argument, cast to a
// long, is refused at its exit.
// kernel: refused: At subprogram exit the register R0 is not a scalar value
#include "corpus.h"

__attribute__((noinline)) long same(struct xdp_md *ctx)
{
	return (long)ctx;
}

SEC("xdp")
int global_function_returns_pointer(struct xdp_md *ctx)
{
	return same(ctx) & 1;
}
