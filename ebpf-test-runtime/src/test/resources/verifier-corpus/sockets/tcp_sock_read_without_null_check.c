// Reads the congestion window of what bpf_tcp_sock returns without checking it for NULL.
// kernel: refused: invalid mem access 'tcp_sock_or_null'
#include "corpus.h"

SEC("tc")
NAKED int tcp_sock_read_without_null_check(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 0;"
		"exit;"
		"1: call 96;"			/* bpf_tcp_sock */
		"r0 = *(u32 *)(r0 + 0);"	/* snd_cwnd */
		"r0 = 0;"
		"exit;"
		::: "memory");
}
