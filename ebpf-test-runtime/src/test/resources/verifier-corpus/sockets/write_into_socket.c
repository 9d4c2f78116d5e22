// Writes the mark of a full socket: socket fields are read-only.
// kernel: refused: cannot write into sock
#include "corpus.h"

SEC("tc")
NAKED int write_into_socket(void)
{
	asm volatile(
		"r1 = *(u64 *)(r1 + 168);"	/* skb->sk */
		"if r1 != 0 goto 1f;"
		"r0 = 0;"
		"exit;"
		"1: call 95;"			/* bpf_sk_fullsock */
		"if r0 != 0 goto 2f;"
		"exit;"
		"2: r2 = 7;"
		"*(u32 *)(r0 + 16) = r2;"	/* mark */
		"r0 = 0;"
		"exit;"
		::: "memory");
}
