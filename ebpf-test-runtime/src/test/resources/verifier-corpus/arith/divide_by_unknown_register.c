// Divides by a helper result that may be 0.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int divide_by_unknown_register(void)
{
	asm volatile(
		"call %[prandom];"
		"r1 = r0;"
		"r0 = 1000;"
		"r0 /= r1;"
		"r0 &= 3;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
