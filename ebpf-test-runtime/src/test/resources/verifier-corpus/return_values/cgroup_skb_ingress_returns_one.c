// Returns 1, allow.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int cgroup_skb_ingress_returns_one(void)
{
	asm volatile(
		"r0 = 1;"
		"exit;"
		::: "memory");
}
