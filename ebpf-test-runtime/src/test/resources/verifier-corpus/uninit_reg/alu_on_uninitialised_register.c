// Adds r3, never written, to r0.
// kernel: refused: R3 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int alu_on_uninitialised_register(void)
{
	asm volatile(
		"r0 = 0;"
		"r0 += r3;"
		"exit;"
		::: "memory");
}
