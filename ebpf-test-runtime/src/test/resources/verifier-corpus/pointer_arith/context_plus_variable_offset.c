// Adds a masked variable to the context pointer and reads through it.
// kernel: refused: variable ctx access
#include "corpus.h"

SEC("xdp")
NAKED int context_plus_variable_offset(void)
{
	asm volatile(
		"r6 = r1;"
		"call %[prandom];"
		"r0 &= 4;"
		"r6 += r0;"
		"r0 = *(u32 *)(r6 + 0);"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
