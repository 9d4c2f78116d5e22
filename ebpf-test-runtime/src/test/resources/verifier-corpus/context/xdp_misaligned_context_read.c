// A 4-byte load at offset 14, across ingress_ifindex and rx_queue_index.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_misaligned_context_read(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 14);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
