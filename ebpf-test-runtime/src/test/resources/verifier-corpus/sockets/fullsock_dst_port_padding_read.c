// Reads the 2 padding bytes after a full socket's destination port, which Linux refuses.
// kernel: refused: invalid sock access
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int fullsock_dst_port_padding_read(void)
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
		"2: r2 = *(u16 *)(r0 + 50);"	/* past dst_port */
		"r0 = 1;"
		"exit;"
		::: "memory");
}
