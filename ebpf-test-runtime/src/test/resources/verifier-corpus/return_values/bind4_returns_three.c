// bind hooks may also return 2 and 3 (bit 1: bypass the port range check).
// kernel: accepted
#include "corpus.h"

SEC("cgroup/bind4")
NAKED int bind4_returns_three(void)
{
	asm volatile(
		"r0 = 3;"
		"exit;"
		::: "memory");
}
