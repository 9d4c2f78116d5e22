// A plain forward jump over instructions that are reachable from elsewhere.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int forward_jump_over_code(void)
{
	asm volatile(
		"r0 = 2;"
		"if r1 != 0 goto 1f;"
		"r0 = 1;"
		"1:"
		"exit;"
		::: "memory");
}
