// Returns the context pointer itself.
// kernel: refused: At program exit the register R0 is not a known value
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int cgroup_skb_returns_context(void)
{
	asm volatile(
		"r0 = r1;"
		"exit;"
		::: "memory");
}
