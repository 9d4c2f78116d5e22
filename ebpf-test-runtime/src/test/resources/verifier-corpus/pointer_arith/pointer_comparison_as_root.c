// Compares the context pointer with a stack pointer: refused only for unprivileged loaders.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int pointer_comparison_as_root(void)
{
	asm volatile(
		"r2 = r10;"
		"r0 = 2;"
		"if r1 > r2 goto 1f;"
		"r0 = 1;"
		"1:"
		"exit;"
		::: "memory");
}
