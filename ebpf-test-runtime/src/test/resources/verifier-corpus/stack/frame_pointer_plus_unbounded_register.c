// Adds an unbounded helper result to a stack pointer.
// kernel: refused: math between fp pointer and register with unbounded min value is not allowed
#include "corpus.h"

SEC("xdp")
NAKED int frame_pointer_plus_unbounded_register(void)
{
	asm volatile(
		"call %[prandom];"
		"r2 = r10;"
		"r2 += -8;"
		"r2 += r0;"
		"r0 = *(u8 *)(r2 + 0);"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
