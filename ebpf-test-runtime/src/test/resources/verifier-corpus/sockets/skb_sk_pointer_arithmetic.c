// Moves skb->sk by 4 bytes after its NULL check: no arithmetic is allowed on a socket pointer.
// kernel: refused: R1 pointer arithmetic on sock_common prohibited
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int skb_sk_pointer_arithmetic(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 1;"
		"exit;"
		"1: r1 += 4;"
		"r0 = *(u32 *)(r1 + 0);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
