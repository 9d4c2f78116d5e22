// A bpf_loop callback must return 0 (continue) or 1 (stop); this one returns 2.
// kernel: refused: At callback return the register R0 has
#include "corpus.h"

NAKED __attribute__((used)) static int returns_two(void)
{
	asm volatile(
		"r0 = 2;"
		"exit;"
		::: "memory");
}

SEC("xdp")
NAKED int loop_callback_returns_two(void)
{
	asm volatile(
		"r1 = 4;"
		"r2 = %[callback] ll;"
		"r3 = 0;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 2;"
		"exit;"
		:: [callback] "i"(returns_two), [loop] "i"(BPF_FUNC_loop)
		: "memory");
}
