// x % 0 is x in eBPF, so a zero divisor register loads.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int modulo_by_zero_register(void)
{
	asm volatile(
		"r0 = 2;"
		"r1 = 0;"
		".8byte 0x000000000000109f;"  /* r0 %= r1 (clang 14 cannot assemble it) */
		"exit;"
		::: "memory");
}
