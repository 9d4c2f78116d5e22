// A cgroup_skb ingress program must return 0 (drop) or 1 (allow); it returns 2.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int cgroup_skb_ingress_returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}
