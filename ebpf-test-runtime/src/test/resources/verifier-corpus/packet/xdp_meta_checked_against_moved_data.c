// Checks data_meta + 4 against data + 14 instead of data: the verifier takes a metadata range only
// from a comparison with data itself, so the read of the metadata stays unproven.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
NAKED int xdp_meta_checked_against_moved_data(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 8);"
		"r3 = *(u32 *)(r1 + 0);"
		"r3 += 14;"
		"r4 = r2;"
		"r4 += 4;"
		"r0 = 2;"
		"if r4 > r3 goto 1f;"
		"r0 = *(u32 *)(r2 + 0);"
		"r0 &= 1;"
		"1:"
		"exit;"
		::: "memory");
}
