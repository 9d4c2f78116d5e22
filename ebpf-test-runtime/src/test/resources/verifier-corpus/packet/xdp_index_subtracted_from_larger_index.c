// A packet pointer moved by 8 to 15, less 0 to 7, stays at or past data: checked against data_end
// it may be read.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_index_subtracted_from_larger_index(void)
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
		"r6 += 8;"
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
