// Reads one byte at a variable offset that stays inside an initialised 16-byte buffer.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int variable_offset_read_within_frame(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 16) = r1;"
		"*(u64 *)(r10 - 8) = r1;"
		"call %[prandom];"
		"r0 &= 15;"
		"r2 = r10;"
		"r2 += -16;"
		"r2 += r0;"
		"r0 = *(u8 *)(r2 + 0);"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
