// Reads 8 bytes at fp-16 plus 0..7: most of those offsets are not 8-byte aligned.
// kernel: refused: misaligned stack access
#include "corpus.h"

SEC("xdp")
NAKED int misaligned_variable_offset_read(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 7;"
		"r2 = r10;"
		"r2 += -16;"
		"r2 += r0;"
		"r0 = *(u64 *)(r2 + 0);"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
