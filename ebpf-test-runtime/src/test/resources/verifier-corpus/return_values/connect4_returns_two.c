// A cgroup socket-address hook returns 0 or 1: 2 is outside.
// kernel: refused: At program exit the register R0 has
#include "corpus.h"

SEC("cgroup/connect4")
NAKED int connect4_returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}
