// Counts down from a value masked to 0..255: the verifier explores every count.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int countdown_from_masked_value(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 255;"
		"1:"
		"if r0 == 0 goto 2f;"
		"r0 -= 1;"
		"goto 1b;"
		"2:"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
