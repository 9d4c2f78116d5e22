// A classifier may not write __sk_buff->len.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("tc")
NAKED int tc_writes_len(void)
{
	asm volatile(
		"r2 = 0;"
		"*(u32 *)(r1 + 0) = r2;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
