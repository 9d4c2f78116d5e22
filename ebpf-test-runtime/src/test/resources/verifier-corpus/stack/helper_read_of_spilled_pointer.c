// Spills the context pointer at fp-8 and hands those 8 bytes to bpf_csum_diff, which only reads
// them: the spill stays a pointer, and reading through it loads.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int helper_read_of_spilled_pointer(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"r1 = r10;"
		"r1 += -8;"
		"r2 = 8;"
		"r3 = 0;"
		"r4 = 0;"
		"r5 = 0;"
		"call %[diff];"
		"r0 = *(u64 *)(r10 - 8);"
		"r0 = *(u32 *)(r0 + 0);"
		"r0 = 0;"
		"exit;"
		:: [diff] "i"(BPF_FUNC_csum_diff)
		: "memory");
}
