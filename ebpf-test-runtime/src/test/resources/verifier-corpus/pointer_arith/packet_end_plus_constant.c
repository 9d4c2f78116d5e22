// Adds to data_end: it may only be compared.
// kernel: refused: pointer arithmetic on pkt_end prohibited
#include "corpus.h"

SEC("xdp")
NAKED int packet_end_plus_constant(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 4);"
		"r2 += -4;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
