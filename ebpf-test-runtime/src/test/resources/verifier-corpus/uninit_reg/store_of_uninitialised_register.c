// Spills r4, never written, to the stack.
// kernel: refused: R4 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int store_of_uninitialised_register(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r4;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
