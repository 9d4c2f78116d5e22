// Adds to a pointer with a 32-bit ALU instruction.
// kernel: refused: 32-bit pointer arithmetic prohibited
#include "corpus.h"

SEC("xdp")
NAKED int thirty_two_bit_add_on_pointer(void)
{
	asm volatile(
		"r2 = r10;"
		"w2 += -8;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
