// Checks data_meta + 8 > data, then reads four bytes at data_meta + 6: the check proves 8 bytes of
// metadata, the read needs 10.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
NAKED int xdp_meta_read_past_checked_range(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 8);"
		"r3 = *(u32 *)(r1 + 0);"
		"r4 = r2;"
		"r4 += 8;"
		"r0 = 2;"
		"if r4 > r3 goto 1f;"
		"r0 = *(u32 *)(r2 + 6);"
		"r0 &= 1;"
		"1:"
		"exit;"
		::: "memory");
}
