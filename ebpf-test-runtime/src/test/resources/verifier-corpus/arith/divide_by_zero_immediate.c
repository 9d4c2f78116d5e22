// Divides by the immediate 0: the encoding itself is refused.
// kernel: refused: div by zero
#include "corpus.h"

SEC("xdp")
NAKED int divide_by_zero_immediate(void)
{
	asm volatile(
		"r0 = 7;"
		"r0 /= 0;"
		"exit;"
		::: "memory");
}
