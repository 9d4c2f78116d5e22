// data_end - data, both packet pointers, gives the packet length.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int packet_length_from_pointer_difference(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 0);"
		"r3 = *(u32 *)(r1 + 4);"
		"r3 -= r2;"
		"r0 = 2;"
		"if r3 > 60 goto 1f;"
		"r0 = 1;"
		"1:"
		"exit;"
		::: "memory");
}
