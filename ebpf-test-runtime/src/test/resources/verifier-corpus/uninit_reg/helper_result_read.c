// r0 holds the helper's result after a call.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int helper_result_read(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 3;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
