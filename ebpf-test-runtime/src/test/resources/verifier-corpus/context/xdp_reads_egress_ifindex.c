// egress_ifindex exists only for programs run from a devmap, not for plain XDP.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_reads_egress_ifindex(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 20);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
