// A branch on a known constant: the verifier never walks the other side, where r0 is unset.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int dead_code_after_constant_branch(void)
{
	asm volatile(
		"r1 = 0;"
		"if r1 == 0 goto 1f;"
		"r0 = *(u64 *)(r2 + 0);"  /* dead: r2 is uninitialised */
		"exit;"
		"1:"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
