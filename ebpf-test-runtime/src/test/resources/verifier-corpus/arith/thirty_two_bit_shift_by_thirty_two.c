// Shifts a 32-bit register by the immediate 32.
// kernel: refused: invalid shift 32
#include "corpus.h"

SEC("xdp")
NAKED int thirty_two_bit_shift_by_thirty_two(void)
{
	asm volatile(
		"w0 = 1;"
		"w0 >>= 32;"
		"exit;"
		::: "memory");
}
