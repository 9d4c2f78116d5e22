// Reads ingress_ifindex and rx_queue_index, both readable in XDP.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_reads_queue_and_ifindex(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 12);"
		"r3 = *(u32 *)(r1 + 16);"
		"r0 = 2;"
		"if r2 != r3 goto 1f;"
		"r0 = 1;"
		"1:"
		"exit;"
		::: "memory");
}
