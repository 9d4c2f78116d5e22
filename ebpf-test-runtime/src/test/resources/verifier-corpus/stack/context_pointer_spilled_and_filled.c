// Spills the context pointer, fills it back and reads through it: the slot remembers the pointer.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int context_pointer_spilled_and_filled(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"r1 = 0;"
		"r6 = *(u64 *)(r10 - 8);"
		"r0 = *(u32 *)(r6 + 16);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
