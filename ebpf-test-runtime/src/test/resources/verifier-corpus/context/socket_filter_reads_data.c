// A socket filter may not read __sk_buff->data (offset 76): no direct packet access.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("socket")
NAKED int socket_filter_reads_data(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 76);"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
