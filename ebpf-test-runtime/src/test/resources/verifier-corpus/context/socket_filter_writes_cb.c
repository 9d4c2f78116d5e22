// A socket filter may write its scratch area cb[0] (offset 48).
// kernel: accepted
#include "corpus.h"

SEC("socket")
NAKED int socket_filter_writes_cb(void)
{
	asm volatile(
		"r2 = 1;"
		"*(u32 *)(r1 + 48) = r2;"
		"r0 = *(u32 *)(r1 + 0);"
		"exit;"
		::: "memory");
}
