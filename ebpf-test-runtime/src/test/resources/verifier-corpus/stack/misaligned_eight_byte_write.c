// Writes 8 bytes at fp-12.
// kernel: refused: misaligned stack access
#include "corpus.h"

SEC("xdp")
NAKED int misaligned_eight_byte_write(void)
{
	asm volatile(
		"*(u64 *)(r10 - 12) = r1;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
