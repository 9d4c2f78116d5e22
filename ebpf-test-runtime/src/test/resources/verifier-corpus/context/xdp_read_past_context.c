// Reads offset 24 of the 24-byte xdp_md.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_read_past_context(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 24);"
		"exit;"
		::: "memory");
}
