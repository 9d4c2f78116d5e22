// __arg_nonnull: the function may read its argument unchecked, and callers may not pass NULL.
// kernel: refused: is expected to be non-NULL
#include "corpus.h"

__attribute__((noinline)) int load(int *p __attribute__((btf_decl_tag("arg:nonnull"))))
{
	return *p;
}

SEC("xdp") NAKED
int global_nonnull_argument_given_null(void)
{
	asm volatile("r1 = 0; call load; r0 = 2; exit;");
}
