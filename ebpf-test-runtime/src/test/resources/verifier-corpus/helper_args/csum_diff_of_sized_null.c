// Hands bpf_csum_diff a NULL source with a length of 0 or 64: NULL may stand for no bytes only, so
// a length that may be 64 needs memory there.
// kernel: refused: R1 type=scalar expected=fp
#include "corpus.h"

SEC("tc")
NAKED int csum_diff_of_sized_null(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 0);"
		"r2 &= 64;"
		"r1 = 0;"
		"r3 = 0;"
		"r4 = 0;"
		"r5 = 0;"
		"call %[diff];"
		"r0 = 0;"
		"exit;"
		:: [diff] "i"(BPF_FUNC_csum_diff)
		: "memory");
}
