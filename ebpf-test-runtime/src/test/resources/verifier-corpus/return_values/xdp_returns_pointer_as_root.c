// Returns the context pointer: leaking an address is refused only for unprivileged loaders.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_returns_pointer_as_root(void)
{
	asm volatile(
		"r0 = r1;"
		"exit;"
		::: "memory");
}
