// Writes at fp-512 plus 0..1023: most offsets lie outside the frame.
// kernel: refused: invalid variable-offset write to stack
#include "corpus.h"

SEC("xdp")
NAKED int variable_offset_write_reaching_below_frame(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 1023;"
		"r2 = r10;"
		"r2 += -512;"
		"r2 += r0;"
		"*(u8 *)(r2 + 0) = r0;"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
