// Multiplies a context pointer.
// kernel: refused: pointer arithmetic with *= operator prohibited
#include "corpus.h"

SEC("xdp")
NAKED int multiply_pointer(void)
{
	asm volatile(
		"r1 *= 2;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
