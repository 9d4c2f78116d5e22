// A copy of r10 moved down by a constant, used for a store and a load.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int stack_pointer_plus_constant(void)
{
	asm volatile(
		"r2 = r10;"
		"r2 += -16;"
		"r3 = 5;"
		"*(u64 *)(r2 + 8) = r3;"
		"r0 = *(u64 *)(r2 + 8);"
		"exit;"
		::: "memory");
}
