// Reads fp+8, above the frame.
// kernel: refused: invalid read from stack
#include "corpus.h"

SEC("xdp")
NAKED int read_above_frame_pointer(void)
{
	asm volatile(
		"r0 = *(u64 *)(r10 + 8);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
