// Writes the metadata check as data >= data_meta + 8 and reads eight bytes of metadata where it
// holds: the same proof as data_meta + 8 <= data.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_meta_check_with_data_on_left(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 8);"
		"r3 = *(u32 *)(r1 + 0);"
		"r4 = r2;"
		"r4 += 8;"
		"r0 = 2;"
		"if r3 >= r4 goto 1f;"
		"exit;"
		"1:"
		"r0 = *(u64 *)(r2 + 0);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
