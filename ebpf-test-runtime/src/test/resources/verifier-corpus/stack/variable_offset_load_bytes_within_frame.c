// Loads 8 packet bytes to fp-24 plus 0..8: every destination lies inside the frame.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int variable_offset_load_bytes_within_frame(void)
{
	asm volatile(
		"r6 = r1;"
		"call %[prandom];"
		"r0 &= 8;"
		"r3 = r10;"
		"r3 += -24;"
		"r3 += r0;"
		"r1 = r6;"
		"r2 = 0;"
		"r4 = 8;"
		"call %[load];"
		"r0 = 0;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32), [load] "i"(BPF_FUNC_skb_load_bytes)
		: "memory");
}
