// getpeername hooks must return 1: they cannot refuse the call.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup/getpeername4")
NAKED int getpeername4_returns_zero(void)
{
	asm volatile(
		"r0 = 0;"
		"exit;"
		::: "memory");
}
