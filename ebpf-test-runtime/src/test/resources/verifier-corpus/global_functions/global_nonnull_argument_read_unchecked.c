// __arg_nonnull: the function reads its argument without a NULL check, and the caller passes a
// stack variable: accepted.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int load(int *p __attribute__((btf_decl_tag("arg:nonnull"))))
{
	return *p;
}

SEC("xdp")
int global_nonnull_argument_read_unchecked(struct xdp_md *ctx)
{
	int x = 3;

	return load(&x) == 3 ? XDP_PASS : XDP_DROP;
}
