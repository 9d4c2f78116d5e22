// Adds an unbounded helper result to a packet pointer.
// kernel: refused: math between pkt pointer and register with unbounded min value is not allowed
#include "corpus.h"

SEC("xdp")
NAKED int packet_plus_unbounded_register(void)
{
	asm volatile(
		"r6 = *(u32 *)(r1 + 0);"
		"call %[prandom];"
		"r6 += r0;"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
