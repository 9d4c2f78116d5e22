// A classifier may write mark, priority and tc_classid.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int tc_writes_mark_priority_and_classid(void)
{
	asm volatile(
		"r2 = 7;"
		"*(u32 *)(r1 + 8) = r2;"
		"*(u32 *)(r1 + 32) = r2;"
		"*(u32 *)(r1 + 72) = r2;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
