// A global function called only by another global function is verified too, on its own, after
// its caller: its unchecked read of the memory argument is refused.
// kernel: refused: invalid mem access 'mem_or_null'
#include "corpus.h"

__attribute__((noinline)) int inner(int *p)
{
	return *p;
}

__attribute__((noinline)) int outer(int x)
{
	int y = x;

	return inner(&y);
}

SEC("xdp")
int global_function_calls_global_function(struct xdp_md *ctx)
{
	return outer(1) ? XDP_PASS : XDP_DROP;
}
