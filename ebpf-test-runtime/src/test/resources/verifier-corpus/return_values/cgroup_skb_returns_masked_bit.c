// Returns the lowest bit of the mark: the verifier knows it is 0 or 1.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int cgroup_skb_returns_masked_bit(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 8);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
