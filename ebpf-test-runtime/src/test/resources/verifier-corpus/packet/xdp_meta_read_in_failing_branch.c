// Compares data < data_meta + 4 and reads the metadata where it holds, that is where fewer than
// 4 bytes of metadata lie in front of data: only the other side learns the range.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("xdp")
NAKED int xdp_meta_read_in_failing_branch(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 8);"
		"r3 = *(u32 *)(r1 + 0);"
		"r4 = r2;"
		"r4 += 4;"
		"r0 = 2;"
		"if r3 < r4 goto 1f;"
		"exit;"
		"1:"
		"r0 = *(u32 *)(r2 + 0);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
