// Writes and reads fp-512, the last slot of the 512-byte frame.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int deepest_slot_of_the_frame(void)
{
	asm volatile(
		"r1 = 7;"
		"*(u64 *)(r10 - 512) = r1;"
		"r0 = *(u64 *)(r10 - 512);"
		"exit;"
		::: "memory");
}
