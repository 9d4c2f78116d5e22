// A helper call clobbers r1-r5, so r1 is uninitialised after it.
// kernel: refused: R1 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int r1_read_after_helper_call(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 = r1;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
