// Byte swap and arithmetic shift on a helper result.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int byte_swap_and_arithmetic_shift(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 = be16 r0;"
		"r0 s>>= 3;"
		"r0 &= 3;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
