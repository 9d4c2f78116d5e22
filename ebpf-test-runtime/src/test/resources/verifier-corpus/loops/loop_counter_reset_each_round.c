// A C loop whose counter is reset on every round, so it never reaches its bound.
// kernel: refused: infinite loop detected
#include "corpus.h"

SEC("xdp")
NAKED int loop_counter_reset_each_round(void)
{
	asm volatile(
		"r6 = 0;"
		"1:"
		"r6 = 0;"
		"r6 += 1;"
		"if r6 < 10 goto 1b;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
