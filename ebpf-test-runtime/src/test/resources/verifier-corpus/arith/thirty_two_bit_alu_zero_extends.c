// A 32-bit add wraps and clears the upper half: the verifier tracks both.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int thirty_two_bit_alu_zero_extends(void)
{
	asm volatile(
		"r0 = -1;"
		"w0 += 3;"
		"if r0 != 2 goto 1f;"
		"exit;"
		"1:"
		"r0 = *(u64 *)(r9 + 0);"  /* dead: w0 + 3 is exactly 2 */
		"exit;"
		::: "memory");
}
