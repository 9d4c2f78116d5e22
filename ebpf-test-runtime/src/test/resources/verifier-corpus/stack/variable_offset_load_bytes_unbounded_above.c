// Loads packet bytes to fp-16 plus the packet's length: a 32-bit offset may reach past the 2^29
// bytes the verifier bounds a variable offset to, so the access is refused before its range.
// kernel: refused: invalid unbounded variable-offset write to stack
#include "corpus.h"

SEC("tc")
NAKED int variable_offset_load_bytes_unbounded_above(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 0);"
		"r3 = r10;"
		"r3 += -16;"
		"r3 += r0;"
		"r2 = 0;"
		"r4 = 8;"
		"call %[load];"
		"r0 = 0;"
		"exit;"
		:: [load] "i"(BPF_FUNC_skb_load_bytes)
		: "memory");
}
