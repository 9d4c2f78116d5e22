// Divides by a register that is 0: eBPF defines x / 0 as 0, so Linux loads it.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int divide_by_zero_register(void)
{
	asm volatile(
		"r0 = 7;"
		"r1 = 0;"
		"r0 /= r1;"
		"r0 += 2;"
		"exit;"
		::: "memory");
}
