// cgroup/sock programs allow (1) or deny (0): 2 is outside.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup/sock_create")
NAKED int cgroup_sock_returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}
