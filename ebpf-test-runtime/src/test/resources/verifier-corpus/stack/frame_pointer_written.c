// Overwrites r10, the read-only frame pointer.
// kernel: refused: frame pointer is read only
#include "corpus.h"

SEC("xdp")
NAKED int frame_pointer_written(void)
{
	asm volatile(
		"r10 = 0;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
