// Egress may return 3: allow, with congestion notification.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/egress")
NAKED int cgroup_skb_egress_returns_three(void)
{
	asm volatile(
		"r0 = 3;"
		"exit;"
		::: "memory");
}
