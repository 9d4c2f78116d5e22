// Increments a counter forever: each round is a new state, until the complexity limit.
// kernel: refused: BPF program is too large
#include "corpus.h"

SEC("xdp")
NAKED int loop_without_exit_condition(void)
{
	asm volatile(
		"r0 = 0;"
		"1:"
		"r0 += 1;"
		"goto 1b;"
		::: "memory");
}
