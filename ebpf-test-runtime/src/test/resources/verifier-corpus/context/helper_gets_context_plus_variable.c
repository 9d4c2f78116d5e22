// Hands bpf_csum_update the context plus 0 or 8, taken from a bit of the mark.
// kernel: refused: variable ctx access
#include "corpus.h"

SEC("tc")
NAKED int helper_gets_context_plus_variable(void)
{
	asm volatile(
		"r3 = *(u32 *)(r1 + 8);"
		"r3 &= 8;"
		"r1 += r3;"
		"r2 = 0;"
		"call %[csum_update];"
		"r0 = 0;"
		"exit;"
		:: [csum_update] "i"(BPF_FUNC_csum_update) : "memory");
}
