// Reads the context through a pointer filled back from the stack.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int context_read_through_spilled_copy(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"r6 = *(u64 *)(r10 - 8);"
		"r0 = *(u32 *)(r6 + 0);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
