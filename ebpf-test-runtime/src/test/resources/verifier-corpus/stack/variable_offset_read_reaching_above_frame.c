// Reads at fp-8 plus 0..15: the upper offsets lie above the frame pointer.
// kernel: refused: invalid variable-offset read from stack
#include "corpus.h"

SEC("xdp")
NAKED int variable_offset_read_reaching_above_frame(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 15;"
		"r2 = r10;"
		"r2 += -8;"
		"r2 += r0;"
		"r0 = *(u8 *)(r2 + 0);"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
