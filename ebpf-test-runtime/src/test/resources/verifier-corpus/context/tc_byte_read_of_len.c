// A 1-byte load of the lowest byte of __sk_buff->len.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int tc_byte_read_of_len(void)
{
	asm volatile(
		"r0 = *(u8 *)(r1 + 0);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
