// cgroup_skb may write mark and priority.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/egress")
NAKED int cgroup_skb_writes_mark(void)
{
	asm volatile(
		"r2 = 7;"
		"*(u32 *)(r1 + 8) = r2;"
		"*(u32 *)(r1 + 32) = r2;"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
