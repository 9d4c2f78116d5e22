// A 32-bit compare (jmp32) on the low half of a value.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int thirty_two_bit_jump(void)
{
	asm volatile(
		"r2 = 0x100000001 ll;"
		"r0 = 2;"
		"if w2 == 1 goto 1f;"
		"r0 = 1;"
		"1:"
		"exit;"
		::: "memory");
}
