// r0 is written on both sides of a branch before the exit they share.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int return_value_set_on_both_paths(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 12);"
		"if r2 == 1 goto 1f;"
		"r0 = 2;"
		"goto 2f;"
		"1:"
		"r0 = 1;"
		"2:"
		"exit;"
		::: "memory");
}
