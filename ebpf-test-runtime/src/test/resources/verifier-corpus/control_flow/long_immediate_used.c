// A 16-byte immediate load whose two halves are never jumped into.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int long_immediate_used(void)
{
	asm volatile(
		"r0 = 0x100000002 ll;"
		"r0 &= 3;"
		"exit;"
		::: "memory");
}
