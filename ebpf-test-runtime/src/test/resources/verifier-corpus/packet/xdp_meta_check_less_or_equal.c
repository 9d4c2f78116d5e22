// Checks data_meta + 8 <= data and reads the last four of those eight bytes where it holds.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_meta_check_less_or_equal(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 8);"
		"r3 = *(u32 *)(r1 + 0);"
		"r4 = r2;"
		"r4 += 8;"
		"r0 = 2;"
		"if r4 <= r3 goto 1f;"
		"exit;"
		"1:"
		"r0 = *(u32 *)(r2 + 4);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
