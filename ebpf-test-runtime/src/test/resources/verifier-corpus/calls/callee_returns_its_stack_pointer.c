// A callee returns a pointer into its own frame, which is gone once it returns.
// kernel: refused: cannot return stack pointer to the caller
#include "corpus.h"

SEC("xdp")
NAKED int callee_returns_its_stack_pointer(void)
{
	asm volatile(
		"call frame_address;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}

NAKED __attribute__((used)) static int frame_address(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r0 = r10;"
		"r0 += -8;"
		"exit;"
		::: "memory");
}
