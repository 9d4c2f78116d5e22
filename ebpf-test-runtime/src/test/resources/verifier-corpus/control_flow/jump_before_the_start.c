// Jumps backwards before the first instruction.
// kernel: refused: jump out of range
#include "corpus.h"

SEC("xdp")
NAKED int jump_before_the_start(void)
{
	asm volatile(
		"r0 = 2;"
		"if r1 == 0 goto -3;"
		"exit;"
		::: "memory");
}
