// Reads uninitialised stack at a bounded variable offset: a privileged loader may.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int uninitialised_variable_offset_read_as_root(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 7;"
		"r2 = r10;"
		"r2 += -16;"
		"r2 += r0;"
		"r0 = *(u8 *)(r2 + 0);"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
