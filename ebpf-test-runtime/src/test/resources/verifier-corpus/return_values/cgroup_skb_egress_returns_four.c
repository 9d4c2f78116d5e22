// cgroup_skb egress allows 0..3 (congestion bits); 4 is outside.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup_skb/egress")
NAKED int cgroup_skb_egress_returns_four(void)
{
	asm volatile(
		"r0 = 4;"
		"exit;"
		::: "memory");
}
