// Reads the destination port of a full socket as a 4-byte word (the port and the padding after
// it), as its 2 bytes, and as its second byte: Linux allows all three.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/ingress")
NAKED int fullsock_dst_port_reads(void)
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
		"2: r2 = *(u32 *)(r0 + 48);"	/* dst_port as a word */
		"r2 = *(u16 *)(r0 + 48);"
		"r2 = *(u8 *)(r0 + 49);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
