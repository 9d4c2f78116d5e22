// Writes 4 bytes of an 8-byte slot and reads all 8: root may read uninitialised stack.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int partly_written_slot_read_as_root(void)
{
	asm volatile(
		"r1 = 7;"
		"*(u32 *)(r10 - 4) = r1;"
		"r0 = *(u64 *)(r10 - 8);"
		"r0 &= 1;"
		"r0 += 1;"
		"exit;"
		::: "memory");
}
