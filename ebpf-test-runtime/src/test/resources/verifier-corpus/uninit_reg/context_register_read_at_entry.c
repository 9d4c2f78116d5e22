// r1 holds the context at entry, so reading it is fine; r2 is written before use.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int context_register_read_at_entry(void)
{
	asm volatile(
		"r2 = r1;"
		"r0 = *(u32 *)(r2 + 16);"  /* rx_queue_index */
		"r0 &= 1;"
		"r0 += 1;"
		"exit;"
		::: "memory");
}
