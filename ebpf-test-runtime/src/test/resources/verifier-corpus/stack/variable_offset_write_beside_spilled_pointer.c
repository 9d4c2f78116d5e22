// Spills the context pointer at fp-8, then writes 8 bytes at fp-24 or fp-16: no offset reaches
// the spill, which still reads the context when filled back.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int variable_offset_write_beside_spilled_pointer(void)
{
	asm volatile(
		"r6 = r1;"
		"call %[prandom];"
		"r0 &= 8;"
		"r2 = r10;"
		"r2 += -24;"
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
