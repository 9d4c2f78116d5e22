// A 2-byte load of __sk_buff->data (offset 76).
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("tc")
NAKED int tc_narrow_read_of_data(void)
{
	asm volatile(
		"r0 = *(u16 *)(r1 + 76);"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
