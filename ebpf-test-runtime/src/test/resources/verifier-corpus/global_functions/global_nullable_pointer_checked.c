// A pointer argument checked for NULL before it is read, called with a stack variable and with
// NULL: accepted.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int load_or_zero(int *p)
{
	return p ? *p : 0;
}

SEC("xdp")
int global_nullable_pointer_checked(struct xdp_md *ctx)
{
	int x = 3;

	return load_or_zero(&x) + load_or_zero(0) == 3 ? XDP_PASS : XDP_DROP;
}
