// Compares against r7, which is never written.
// kernel: refused: R7 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int compare_with_uninitialised_register(void)
{
	asm volatile(
		"r0 = 2;"
		"if r0 > r7 goto 1f;"
		"r0 = 1;"
		"1:"
		"exit;"
		::: "memory");
}
