// cgroup sockopt programs allow (1) or deny (0).
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup/getsockopt")
NAKED int getsockopt_returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}
