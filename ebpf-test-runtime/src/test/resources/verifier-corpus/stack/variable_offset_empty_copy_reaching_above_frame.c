// Copies 0 bytes to fp-16 plus 0..63: no byte is written, yet the bounds of every offset the
// destination may take are checked, and the higher ones lie above the frame pointer.
// kernel: refused: invalid variable-offset write to stack
#include "corpus.h"

SEC("xdp")
NAKED int variable_offset_empty_copy_reaching_above_frame(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 63;"
		"r1 = r10;"
		"r1 += -16;"
		"r1 += r0;"
		"r2 = 0;"
		"r3 = 0;"
		"call %[probe_read];"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32), [probe_read] "i"(BPF_FUNC_probe_read_kernel)
		: "memory");
}
