// Moves the context pointer forward and back again before handing it to bpf_csum_update: it is
// the context itself again.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int helper_gets_context_moved_and_restored(void)
{
	asm volatile(
		"r1 += 8;"
		"r1 += -8;"
		"r2 = 0;"
		"call %[csum_update];"
		"r0 = 0;"
		"exit;"
		:: [csum_update] "i"(BPF_FUNC_csum_update) : "memory");
}
