// Reads the type of bpf_sk_fullsock's view of a looked-up socket after releasing the socket: the
// release ends every pointer holding its reference, the casts of it too.
// kernel: refused: invalid mem access 'scalar'
#include "corpus.h"

SEC("tc")
NAKED int fullsock_used_after_release(void)
{
	asm volatile(
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
		"if r0 != 0 goto 1f;"
		"exit;"
		"1: r6 = r0;"
		"r1 = r0;"
		"call 95;"			/* bpf_sk_fullsock */
		"if r0 != 0 goto 2f;"
		"r1 = r6;"
		"call 86;"			/* bpf_sk_release */
		"r0 = 0;"
		"exit;"
		"2: r7 = r0;"
		"r1 = r6;"
		"call 86;"			/* bpf_sk_release */
		"r0 = *(u32 *)(r7 + 8);"	/* type */
		"r0 = 0;"
		"exit;"
		::: "memory");
}
