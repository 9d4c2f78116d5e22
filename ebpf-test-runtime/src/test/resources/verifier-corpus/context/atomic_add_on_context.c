// An atomic add on the mark field of the context.
// kernel: refused: BPF_ATOMIC stores into R1 ctx is not allowed
#include "corpus.h"

SEC("tc")
NAKED int atomic_add_on_context(void)
{
	asm volatile(
		"r2 = 1;"
		"lock *(u32 *)(r1 + 8) += r2;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
