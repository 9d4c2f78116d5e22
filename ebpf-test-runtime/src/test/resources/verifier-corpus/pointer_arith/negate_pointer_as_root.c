// Negates the context pointer: a privileged loader gets an unknown scalar (a leak unprivileged
// loaders may not make).
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int negate_pointer_as_root(void)
{
	asm volatile(
		"r1 = -r1;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
