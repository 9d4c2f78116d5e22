// Reads xdp_md->data as 8 bytes; the field is 4 bytes wide.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_eight_byte_read_of_data(void)
{
	asm volatile(
		"r0 = *(u64 *)(r1 + 0);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
