// Shifts a 64-bit register by the immediate 64.
// kernel: refused: invalid shift 64
#include "corpus.h"

SEC("xdp")
NAKED int shift_by_sixty_four(void)
{
	asm volatile(
		"r0 = 1;"
		"r0 <<= 64;"
		"exit;"
		::: "memory");
}
