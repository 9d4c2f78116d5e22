// Hands bpf_csum_update a context pointer moved 8 bytes back: a helper's context argument must be
// the context itself, and a negative offset is named first.
// kernel: refused: negative offset ctx ptr
#include "corpus.h"

SEC("tc")
NAKED int helper_gets_context_moved_back(void)
{
	asm volatile(
		"r1 += -8;"
		"r2 = 0;"
		"call %[csum_update];"
		"r0 = 0;"
		"exit;"
		:: [csum_update] "i"(BPF_FUNC_csum_update) : "memory");
}
