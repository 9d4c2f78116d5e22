// A 2-byte load of the low half of __sk_buff->protocol: plain fields allow narrow loads.
// kernel: accepted
#include "corpus.h"

SEC("tc")
NAKED int tc_narrow_read_of_protocol(void)
{
	asm volatile(
		"r0 = *(u16 *)(r1 + 16);"
		"r0 &= 1;"
		"exit;"
		::: "memory");
}
