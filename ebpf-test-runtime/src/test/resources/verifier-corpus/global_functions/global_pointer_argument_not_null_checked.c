// A pointer argument to a sized type is memory of that size that may be NULL: the function must
// check it, whatever its callers pass.
// kernel: refused: invalid mem access 'mem_or_null'
#include "corpus.h"

__attribute__((noinline)) int load(int *p)
{
	return *p;
}

SEC("xdp")
int global_pointer_argument_not_null_checked(struct xdp_md *ctx)
{
	int x = 3;

	return load(&x) == 3 ? XDP_PASS : XDP_DROP;
}
