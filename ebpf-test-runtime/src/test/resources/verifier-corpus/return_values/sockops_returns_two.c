// sock_ops programs return 0 or 1.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("sockops")
NAKED int sockops_returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}
