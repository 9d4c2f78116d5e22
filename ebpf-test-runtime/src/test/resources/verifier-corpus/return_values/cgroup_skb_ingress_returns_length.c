// Returns the packet length, which may be anything.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int cgroup_skb_ingress_returns_length(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 0);"
		"exit;"
		::: "memory");
}
