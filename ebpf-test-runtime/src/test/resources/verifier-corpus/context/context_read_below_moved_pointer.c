// Moves the context pointer 4 bytes back and reads 4 bytes above it (the context's first field):
// an access through a context pointer at a negative offset is refused before the field is looked at.
// kernel: refused: negative offset ctx ptr
#include "corpus.h"

SEC("xdp")
NAKED int context_read_below_moved_pointer(void)
{
	asm volatile(
		"r1 += -4;"
		"r0 = *(u32 *)(r1 + 4);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
