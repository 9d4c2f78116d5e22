// A byte plus 8 less a value of 0 to 7 lies from 1 to 263: in bounds of a 264-byte value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[264]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int difference_of_offset_byte_and_small_byte_as_index(void)
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
		"r3 = *(u8 *)(r0 + 1);"
		"r3 &= 7;"
		"r1 += 8;"
		"r1 -= r3;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
