// Masks a stack pointer with &=.
// kernel: refused: bitwise operator &= on pointer prohibited
#include "corpus.h"

SEC("xdp")
NAKED int bitwise_and_on_pointer(void)
{
	asm volatile(
		"r2 = r10;"
		"r2 &= -8;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
