// An unknown scalar spilled to the stack shares its identity with the register it came from, so a
// bounds check on the register bounds the spilled copy too: the filled value indexes 8 bytes of
// stack at a variable offset the check keeps inside the frame.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int spilled_scalar_bounded_through_its_register(void)
{
	asm volatile(
		"call %[prandom];"
		"*(u64 *)(r10 - 16) = r0;"
		"r0 = 2;"
		"r1 = *(u64 *)(r10 - 16);"
		"if r1 > 7 goto 1f;"
		"r3 = *(u64 *)(r10 - 16);"
		"r2 = r10;"
		"r2 += -40;"
		"r2 += r3;"
		"r0 = *(u8 *)(r2 + 0);"
		"1:"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
