// Returns the mark after a branch proved it at most 3.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/egress")
NAKED int cgroup_skb_returns_checked_value(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 8);"
		"if r0 <= 3 goto 1f;"
		"r0 = 0;"
		"1:"
		"exit;"
		::: "memory");
}
