// Writes fp-520, below the 512-byte frame.
// kernel: refused: invalid write to stack
#include "corpus.h"

SEC("xdp")
NAKED int write_below_frame(void)
{
	asm volatile(
		"*(u64 *)(r10 - 520) = r1;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
