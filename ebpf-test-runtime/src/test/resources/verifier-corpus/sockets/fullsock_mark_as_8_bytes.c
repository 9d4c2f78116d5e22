// Reads a full socket's mark with an 8-byte load: its fields are read at their own size.
// kernel: refused: invalid sock access
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int fullsock_mark_as_8_bytes(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 1;"
		"exit;"
		"1: call 95;"			/* bpf_sk_fullsock */
		"if r0 != 0 goto 2f;"
		"r0 = 1;"
		"exit;"
		"2: r2 = *(u64 *)(r0 + 16);"	/* mark */
		"r0 = 1;"
		"exit;"
		::: "memory");
}
