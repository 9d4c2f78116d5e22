// Reads a packet byte with a legacy LD_ABS load after releasing the looked-up socket: nothing is
// held any more, so Linux accepts it.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int ld_abs_after_socket_release(void)
{
	asm volatile(
		"r6 = r1;"
		"r2 = 0;"
		"*(u64 *)(r10 - 8) = r2;"
		"*(u64 *)(r10 - 16) = r2;"
		"*(u64 *)(r10 - 24) = r2;"
		"*(u64 *)(r10 - 32) = r2;"
		"*(u64 *)(r10 - 40) = r2;"
		"r2 = r10;"
		"r2 += -40;"
		"r3 = 12;"			/* sizeof(tuple.ipv4) */
		"r4 = -1;"			/* BPF_F_CURRENT_NETNS */
		"r5 = 0;"
		"call 84;"			/* bpf_sk_lookup_tcp */
		"if r0 == 0 goto 1f;"
		"r1 = r0;"
		"call 86;"			/* bpf_sk_release */
		"1: r0 = *(u8 *)skb[12];"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
