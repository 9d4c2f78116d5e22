// Reads the packet on the branch where the bounds check failed.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
NAKED int xdp_read_in_failing_branch(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 0);"  /* data */
		"r3 = *(u32 *)(r1 + 4);"  /* data_end */
		"r4 = r2;"
		"r4 += 14;"
		"if r4 <= r3 goto 1f;"
		"r0 = *(u8 *)(r2 + 12);"  /* data + 14 > data_end here */
		"exit;"
		"1:"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
