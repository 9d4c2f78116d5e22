// Adds to a TCP socket's congestion window with an atomic instruction: socket fields are never
// written, and Linux refuses atomics on socket pointers before looking at the field.
// kernel: refused: BPF_ATOMIC stores into R0 tcp_sock is not allowed
#include "corpus.h"

SEC("tc")
NAKED int atomic_add_on_tcp_sock(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 0;"
		"exit;"
		"1: call 96;"			/* bpf_tcp_sock */
		"if r0 != 0 goto 2f;"
		"exit;"
		"2: r2 = 1;"
		"lock *(u32 *)(r0 + 0) += w2;"	/* snd_cwnd */
		"r0 = 0;"
		"exit;"
		::: "memory");
}
