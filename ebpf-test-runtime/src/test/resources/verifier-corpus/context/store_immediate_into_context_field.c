// A store-immediate (BPF_ST) into a writable context field (mark): Linux 6.18 converts it like a
// register store, so it loads.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int store_immediate_into_context_field(void)
{
	asm volatile(
		"*(u32 *)(r1 + 8) = 7;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
