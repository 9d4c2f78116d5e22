// Reads 8 bytes at fp-6, which is not 8-byte aligned.
// kernel: refused: misaligned stack access
#include "corpus.h"

SEC("xdp")
NAKED int misaligned_eight_byte_read(void)
{
	asm volatile(
		"r0 = *(u64 *)(r10 - 6);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
