// A classifier may return -1 (TC_ACT_UNSPEC) or anything else.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int tc_returns_negative(void)
{
	asm volatile(
		"r0 = -1;"
		"exit;"
		::: "memory");
}
