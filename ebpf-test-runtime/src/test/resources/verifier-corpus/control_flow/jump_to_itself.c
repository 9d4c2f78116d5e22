// A jump to itself: the verifier sees the same state at the same instruction.
// kernel: refused: infinite loop detected
#include "corpus.h"

SEC("xdp")
NAKED int jump_to_itself(void)
{
	asm volatile(
		"1:"
		"goto 1b;"
		::: "memory");
}
