// Counts down from an unbounded helper result: every decrement forks a new state, and the
// verifier gives up once too many branches are pending.
// kernel: refused: The sequence of 8193 jumps is too complex
#include "corpus.h"

SEC("xdp")
NAKED int loop_bound_from_unknown_value(void)
{
	asm volatile(
		"call %[prandom];"
		"1:"
		"if r0 == 0 goto 2f;"
		"r0 -= 1;"
		"goto 1b;"
		"2:"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
