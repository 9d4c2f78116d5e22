// sk_lookup programs return SK_DROP (0) or SK_PASS (1).
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("sk_lookup")
NAKED int sk_lookup_returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}
