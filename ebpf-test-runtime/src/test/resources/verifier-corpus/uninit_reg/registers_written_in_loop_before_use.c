// Every register a loop body reads is written before the loop or earlier in the body.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int registers_written_in_loop_before_use(void)
{
	asm volatile(
		"r6 = 0;"
		"r7 = 1;"
		"1:"
		"r8 = r7;"
		"r8 <<= 1;"
		"r7 = r8;"
		"r6 += 1;"
		"if r6 < 8 goto 1b;"
		"r0 = r7;"
		"r0 &= 3;"
		"exit;"
		::: "memory");
}
