// Reads 4 bytes of a spilled context pointer.
// kernel: refused: invalid size of register fill
#include "corpus.h"

SEC("xdp")
NAKED int partial_fill_of_spilled_pointer(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"r0 = *(u32 *)(r10 - 8);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
