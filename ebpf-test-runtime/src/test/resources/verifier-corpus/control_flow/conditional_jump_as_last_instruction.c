// A conditional jump may fall through, so it cannot end a program either.
// kernel: refused: last insn is not an exit or jmp
#include "corpus.h"

SEC("xdp")
NAKED int conditional_jump_as_last_instruction(void)
{
	asm volatile(
		"r0 = 2;"
		"if r1 == 0 goto -2;"
		::: "memory");
}
