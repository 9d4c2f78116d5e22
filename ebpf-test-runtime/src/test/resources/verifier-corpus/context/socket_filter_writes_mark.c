// A socket filter may write only cb[], not mark (offset 8).
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("socket")
NAKED int socket_filter_writes_mark(void)
{
	asm volatile(
		"r2 = 1;"
		"*(u32 *)(r1 + 8) = r2;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
