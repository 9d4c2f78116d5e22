// cgroup_skb may not write tc_classid (offset 72), which belongs to classifiers.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("cgroup_skb/egress")
NAKED int cgroup_skb_writes_tc_classid(void)
{
	asm volatile(
		"r2 = 7;"
		"*(u32 *)(r1 + 72) = r2;"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
