// An instruction byte 0xff that is no eBPF opcode.
// kernel: refused: unknown opcode
#include "corpus.h"

SEC("xdp")
NAKED int invalid_opcode(void)
{
	asm volatile(
		".8byte 0x00000000000000ff;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
