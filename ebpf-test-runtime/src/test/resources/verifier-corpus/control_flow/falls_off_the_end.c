// The last instruction is not an exit or a jump: execution would run off the end.
// kernel: refused: last insn is not an exit or jmp
#include "corpus.h"

SEC("xdp")
NAKED int falls_off_the_end(void)
{
	asm volatile(
		"r0 = 2;"
		::: "memory");
}
