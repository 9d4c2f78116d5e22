// Reads fp-520, below the 512-byte frame.
// kernel: refused: invalid read from stack
#include "corpus.h"

SEC("xdp")
NAKED int read_below_frame(void)
{
	asm volatile(
		"r0 = *(u64 *)(r10 - 520);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
