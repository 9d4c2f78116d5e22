// r0 is in 0..7 after a mask, so the branch testing r0 > 7 is never taken.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int dead_code_after_range_check(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 7;"
		"if r0 > 7 goto 1f;"
		"r0 = 2;"
		"exit;"
		"1:"
		"r10 = 0;"   /* dead: would be refused if reachable */
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
