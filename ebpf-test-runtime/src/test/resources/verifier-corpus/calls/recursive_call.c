// A subprogram that calls itself 3 times. The verifier walks the real calls, but the static check
// of the call graph that follows finds no end to the recursion and stops at 8 frames.
// kernel: refused: the call stack of 8 frames is too deep
#include "corpus.h"

SEC("xdp")
NAKED int recursive_call(void)
{
	asm volatile(
		"r1 = 3;"
		"call countdown;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}

NAKED __attribute__((used)) static int countdown(void)
{
	asm volatile(
		"r0 = 0;"
		"if r1 == 0 goto 1f;"
		"r1 -= 1;"
		"call countdown;"
		"1:"
		"exit;"
		::: "memory");
}
