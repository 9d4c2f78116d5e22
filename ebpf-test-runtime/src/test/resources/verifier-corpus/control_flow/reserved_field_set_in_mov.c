// A register move with a nonzero immediate field, which the encoding reserves.
// kernel: refused: BPF_MOV uses reserved fields
#include "corpus.h"

SEC("xdp")
NAKED int reserved_field_set_in_mov(void)
{
	asm volatile(
		".8byte 0x000000ff000001bf;"  /* r1 = r0 with imm=0xff */
		"r0 = 2;"
		"exit;"
		::: "memory");
}
