// Adds to r10 in place instead of to a copy.
// kernel: refused: frame pointer is read only
#include "corpus.h"

SEC("xdp")
NAKED int frame_pointer_moved(void)
{
	asm volatile(
		"r10 += -8;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
