// Adds 4 to the context pointer and reads through the copy.
// kernel: refused: dereference of modified ctx ptr
#include "corpus.h"

SEC("xdp")
NAKED int modified_context_pointer_dereferenced(void)
{
	asm volatile(
		"r1 += 4;"
		"r0 = *(u32 *)(r1 + 0);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
