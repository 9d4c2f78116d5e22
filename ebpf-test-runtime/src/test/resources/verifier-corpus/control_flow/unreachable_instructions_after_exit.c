// Instructions after the exit that no jump reaches: Linux refuses code no path leads to.
// kernel: refused: unreachable insn
#include "corpus.h"

SEC("xdp")
NAKED int unreachable_instructions_after_exit(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
