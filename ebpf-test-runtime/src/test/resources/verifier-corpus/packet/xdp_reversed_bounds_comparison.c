// Writes the bounds check as data_end < data + 14 (pointer on the right): the same proof.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_reversed_bounds_comparison(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 0);"
		"r3 = *(u32 *)(r1 + 4);"
		"r4 = r2;"
		"r4 += 14;"
		"r0 = 2;"
		"if r3 < r4 goto 1f;"
		"r0 = *(u16 *)(r2 + 12);"
		"r0 &= 1;"
		"1:"
		"exit;"
		::: "memory");
}
