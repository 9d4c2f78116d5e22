// A socket filter reads the second byte of skb->sk's source IPv6 address after a NULL check:
// addresses allow narrow loads, and a sock_common has them.
// kernel: accepted
#include "corpus.h"

SEC("socket")
NAKED int socket_filter_skb_sk_ip6_byte(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 0;"
		"exit;"
		"1: r0 = *(u8 *)(r1 + 29);"	/* src_ip6[0], second byte */
		"r0 = 0;"
		"exit;"
		::: "memory");
}
