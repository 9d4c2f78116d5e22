// Hands bpf_csum_update the address of the context's mark field instead of the context.
// kernel: refused: dereference of modified ctx ptr
#include "corpus.h"

SEC("tc")
NAKED int helper_gets_context_moved_forward(void)
{
	asm volatile(
		"r1 += 8;"
		"r2 = 0;"
		"call %[csum_update];"
		"r0 = 0;"
		"exit;"
		:: [csum_update] "i"(BPF_FUNC_csum_update) : "memory");
}
