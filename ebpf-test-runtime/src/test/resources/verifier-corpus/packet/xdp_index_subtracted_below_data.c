// A packet pointer moved by 0 to 7, less 0 to 7, may lie before data: its signed minimum is
// negative, and the kernel refuses the read whatever data_end says.
// kernel: refused: min value is negative
#include "corpus.h"

SEC("xdp")
NAKED int xdp_index_subtracted_below_data(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 0);"
		"r3 = *(u32 *)(r1 + 4);"
		"r4 = r2;"
		"r4 += 16;"
		"if r4 > r3 goto out;"
		"r5 = *(u8 *)(r2 + 0);"
		"r5 &= 7;"
		"r6 = *(u8 *)(r2 + 1);"
		"r6 &= 7;"
		"r2 += r6;"
		"r2 -= r5;"
		"r4 = r2;"
		"r4 += 1;"
		"if r4 > r3 goto out;"
		"r0 = *(u8 *)(r2 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
