// Subtracts two pointers of different kinds: a privileged loader gets an unknown scalar.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int pointer_minus_pointer_as_root(void)
{
	asm volatile(
		"r0 = r10;"
		"r0 -= r1;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
