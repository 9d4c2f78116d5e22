// A callback that exits without setting its return value.
// kernel: refused: R0 not a scalar value
#include "corpus.h"

NAKED __attribute__((used)) static int no_return_value(void)
{
	asm volatile(
		"exit;"
		::: "memory");
}

SEC("xdp")
NAKED int loop_callback_leaves_r0_unset(void)
{
	asm volatile(
		"r1 = 4;"
		"r2 = %[callback] ll;"
		"r3 = 0;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 2;"
		"exit;"
		:: [callback] "i"(no_return_value), [loop] "i"(BPF_FUNC_loop)
		: "memory");
}
