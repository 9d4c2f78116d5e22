// Passes a number where bpf_loop expects a callback function.
// kernel: refused: R2 type=scalar expected=func
#include "corpus.h"

SEC("xdp")
NAKED int loop_callback_not_a_function(void)
{
	asm volatile(
		"r1 = 4;"
		"r2 = 0;"
		"r3 = 0;"
		"r4 = 0;"
		"call %[loop];"
		"r0 = 2;"
		"exit;"
		:: [loop] "i"(BPF_FUNC_loop)
		: "memory");
}
