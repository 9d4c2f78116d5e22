// Calls helper number 999, which does not exist.
// kernel: refused: invalid func unknown#999
#include "corpus.h"

SEC("xdp")
NAKED int unknown_helper_number(void)
{
	asm volatile(
		"call 999;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
