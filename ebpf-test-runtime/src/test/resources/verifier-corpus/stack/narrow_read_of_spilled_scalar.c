// Reads 4 bytes of an 8-byte spilled scalar: only pointers must be filled whole.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int narrow_read_of_spilled_scalar(void)
{
	asm volatile(
		"call %[prandom];"
		"*(u64 *)(r10 - 8) = r0;"
		"r0 = *(u32 *)(r10 - 8);"
		"r0 &= 3;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
