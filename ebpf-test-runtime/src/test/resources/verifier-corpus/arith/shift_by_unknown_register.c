// Shifts by a register the verifier cannot bound: allowed, the result is unknown.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int shift_by_unknown_register(void)
{
	asm volatile(
		"call %[prandom];"
		"r1 = r0;"
		"r0 = 1;"
		"r0 <<= r1;"
		"r0 &= 3;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
