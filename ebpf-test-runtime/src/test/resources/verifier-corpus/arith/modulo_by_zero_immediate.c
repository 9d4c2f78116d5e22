// A 32-bit modulo by the immediate 0.
// kernel: refused: div by zero
#include "corpus.h"

SEC("xdp")
NAKED int modulo_by_zero_immediate(void)
{
	asm volatile(
		"w0 = 7;"
		".8byte 0x0000000000000094;"  /* w0 %= 0 (the assembler refuses to write it) */
		"exit;"
		::: "memory");
}
