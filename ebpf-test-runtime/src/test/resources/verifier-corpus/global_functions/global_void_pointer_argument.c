// A global function's pointer argument must point to a type of known size: void * is refused at
// the call.
// kernel: refused: size cannot be determined
#include "corpus.h"

__attribute__((noinline)) int non_null(void *p)
{
	return p != 0;
}

SEC("xdp")
int global_void_pointer_argument(struct xdp_md *ctx)
{
	int x = 1;

	return non_null(&x) ? XDP_PASS : XDP_DROP;
}
