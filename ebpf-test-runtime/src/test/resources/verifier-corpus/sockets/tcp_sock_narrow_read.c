// Reads one byte of a TCP socket's congestion window: a tcp_sock has no narrow loads.
// kernel: refused: invalid tcp_sock access
#include "corpus.h"

SEC("tc")
NAKED int tcp_sock_narrow_read(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 0;"
		"exit;"
		"1: call 96;"			/* bpf_tcp_sock */
		"if r0 != 0 goto 2f;"
		"exit;"
		"2: r0 = *(u8 *)(r0 + 0);"	/* snd_cwnd */
		"r0 = 0;"
		"exit;"
		::: "memory");
}
