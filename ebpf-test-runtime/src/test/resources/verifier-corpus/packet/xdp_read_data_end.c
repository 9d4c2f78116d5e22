// Dereferences data_end itself, which points one past the packet.
// kernel: refused: invalid mem access 'pkt_end'
#include "corpus.h"

SEC("xdp")
NAKED int xdp_read_data_end(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 4);"
		"r0 = *(u8 *)(r2 + 0);"
		"exit;"
		::: "memory");
}
