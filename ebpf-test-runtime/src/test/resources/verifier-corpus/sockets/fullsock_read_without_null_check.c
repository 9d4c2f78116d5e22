// Reads a field of what bpf_sk_fullsock returns without checking it for NULL (a request or
// time-wait socket gives NULL).
// kernel: refused: invalid mem access 'sock_or_null'
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int fullsock_read_without_null_check(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 1;"
		"exit;"
		"1: call 95;"			/* bpf_sk_fullsock */
		"r0 = *(u32 *)(r0 + 8);"	/* sk->type */
		"r0 = 1;"
		"exit;"
		::: "memory");
}
