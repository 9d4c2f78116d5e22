// Reads the 4 bytes after rx_queue_mapping, the last field of struct bpf_sock.
// kernel: refused: invalid sock access
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int fullsock_read_past_last_field(void)
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
		"2: r2 = *(u32 *)(r0 + 80);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
