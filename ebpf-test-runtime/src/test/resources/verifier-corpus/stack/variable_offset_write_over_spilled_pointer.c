// Spills the context pointer at fp-8, then writes 8 bytes at fp-16 or fp-8: the write may land on
// the spill, so the slot holds an unknown scalar and reading through what is filled back is refused.
// kernel: refused: R0 invalid mem access 'scalar'
#include "corpus.h"

SEC("tc")
NAKED int variable_offset_write_over_spilled_pointer(void)
{
	asm volatile(
		"r6 = r1;"
		"call %[prandom];"
		"r0 &= 8;"
		"r2 = r10;"
		"r2 += -16;"
		"r2 += r0;"
		"*(u64 *)(r10 - 8) = r6;"
		"r1 = 1;"
		"*(u64 *)(r2 + 0) = r1;"
		"r0 = *(u64 *)(r10 - 8);"
		"r0 = *(u32 *)(r0 + 0);"
		"r0 = 0;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
