// A byte swap to big endian (be16) before r0 is first written. The swap's source bit only picks
// the byte order: the instruction reads its destination register alone, not r0.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int byte_swap_to_big_endian_reads_no_source(void)
{
	asm volatile(
		"r3 = 0x0200;"
		"r3 = be16 r3;"
		"r0 = r3;"
		"exit;"
		::: "memory");
}
