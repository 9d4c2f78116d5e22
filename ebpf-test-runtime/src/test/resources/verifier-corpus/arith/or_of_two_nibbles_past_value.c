// Two nibbles or-ed reach 15: past the end of a 15-byte value.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[15]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int or_of_two_nibbles_past_value(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[bytes] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r1 = *(u8 *)(r0 + 0);"
		"r1 &= 15;"
		"r3 = *(u8 *)(r0 + 1);"
		"r3 &= 15;"
		"r1 |= r3;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
