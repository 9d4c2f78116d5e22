// A global function must return a scalar type: a void one is refused at its call.
// kernel: refused: doesn't return scalar
#include "corpus.h"

__attribute__((noinline)) void store_one(int *p)
{
	if (p)
		*p = 1;
}

SEC("xdp")
int global_function_returns_void(struct xdp_md *ctx)
{
	int x = 3;

	store_one(&x);
	return x == 1 ? XDP_PASS : XDP_DROP;
}
