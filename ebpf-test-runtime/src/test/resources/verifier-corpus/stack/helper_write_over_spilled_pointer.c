// Spills the context pointer at fp-8, then has bpf_skb_load_bytes write 8 packet bytes there: the
// slot now holds an unknown scalar, and reading through what is filled back is refused.
// kernel: refused: R0 invalid mem access 'scalar'
#include "corpus.h"

SEC("tc")
NAKED int helper_write_over_spilled_pointer(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = 0;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 8;"
		"call %[load];"
		"r0 = *(u64 *)(r10 - 8);"
		"r0 = *(u32 *)(r0 + 0);"
		"r0 = 0;"
		"exit;"
		:: [load] "i"(BPF_FUNC_skb_load_bytes)
		: "memory");
}
