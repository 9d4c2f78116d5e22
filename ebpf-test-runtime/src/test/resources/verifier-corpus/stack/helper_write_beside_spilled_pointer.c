// Spills the context pointer at fp-16 and has bpf_skb_load_bytes write the 8 bytes above it: the
// spill is untouched, and the pointer filled back still reads the context.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int helper_write_beside_spilled_pointer(void)
{
	asm volatile(
		"*(u64 *)(r10 - 16) = r1;"
		"r2 = 0;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 8;"
		"call %[load];"
		"r0 = *(u64 *)(r10 - 16);"
		"r0 = *(u32 *)(r0 + 0);"
		"r0 = 0;"
		"exit;"
		:: [load] "i"(BPF_FUNC_skb_load_bytes)
		: "memory");
}
