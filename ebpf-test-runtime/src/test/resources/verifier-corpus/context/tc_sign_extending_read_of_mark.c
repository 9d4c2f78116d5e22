// Reads __sk_buff->mark with a sign-extending load (BPF_MEMSX, -mcpu=v4) and returns whether it
// is negative: a scalar field may be sign-extended.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int tc_sign_extending_read_of_mark(void)
{
	asm volatile(
		"r2 = *(s32 *)(r1 + 8);"
		"r0 = 0;"
		"if r2 s>= 0 goto 1f;"
		"r0 = 2;"
		"1:"
		"exit;"
		::: "memory");
}
