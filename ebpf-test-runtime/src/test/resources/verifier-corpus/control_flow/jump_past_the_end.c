// Jumps 5 instructions forward from the first of three.
// kernel: refused: jump out of range
#include "corpus.h"

SEC("xdp")
NAKED int jump_past_the_end(void)
{
	asm volatile(
		"goto +5;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
