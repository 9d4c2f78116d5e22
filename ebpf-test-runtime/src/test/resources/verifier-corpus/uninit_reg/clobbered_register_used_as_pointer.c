// Uses r5 as a pointer after a helper call clobbered it.
// kernel: refused: R5 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int clobbered_register_used_as_pointer(void)
{
	asm volatile(
		"r5 = r1;"
		"call %[prandom];"
		"r0 = *(u32 *)(r5 + 0);"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32)
		: "memory");
}
