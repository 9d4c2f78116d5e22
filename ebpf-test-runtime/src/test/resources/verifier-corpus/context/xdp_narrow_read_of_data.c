// A 2-byte load of xdp_md->data: pointer fields allow no narrow loads.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_narrow_read_of_data(void)
{
	asm volatile(
		"r0 = *(u16 *)(r1 + 0);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
