// r6 is callee-saved: its value survives a helper call and may be returned.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int callee_saved_register_survives_call(void)
{
	asm volatile(
		"r6 = 2;"
		"call %[prandom];"
		"r0 = r6;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
