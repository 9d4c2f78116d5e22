// Jumps onto the second half of a 16-byte immediate load.
// kernel: refused: jump into the middle of ldimm64
#include "corpus.h"

SEC("xdp")
NAKED int jump_into_the_middle_of_lddw(void)
{
	asm volatile(
		"if r1 == 0 goto +1;"
		"r0 = 0x100000002 ll;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
