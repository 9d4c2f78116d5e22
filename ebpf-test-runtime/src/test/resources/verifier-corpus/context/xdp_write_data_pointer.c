// Writes xdp_md->data: XDP moves the packet start only through bpf_xdp_adjust_head.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_write_data_pointer(void)
{
	asm volatile(
		"r2 = 0;"
		"*(u32 *)(r1 + 0) = r2;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
