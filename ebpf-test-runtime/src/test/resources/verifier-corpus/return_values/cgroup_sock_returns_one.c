// cgroup/sock programs allow (1) or deny (0).
// kernel: accepted
#include "corpus.h"

SEC("cgroup/sock_create")
NAKED int cgroup_sock_returns_one(void)
{
	asm volatile(
		"r0 = 1;"
		"exit;"
		::: "memory");
}
