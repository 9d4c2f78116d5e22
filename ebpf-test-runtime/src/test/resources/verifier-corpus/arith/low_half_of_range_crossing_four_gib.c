// A byte plus 0xffffff80 spans 2^32: its low 32 bits are 0xffffff80 to 0xffffffff or 0 to 0x7f,
// so after the 32-bit move and subtracting 0xffffff80 again the index may be far below zero.
// kernel: refused: makes map_value pointer be out of bounds
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[256]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int low_half_of_range_crossing_four_gib(void)
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
		"r1 += 0x7fffffc0;"
		"r1 += 0x7fffffc0;"
		"w1 = w1;"
		"r1 -= 0x7fffffc0;"
		"r1 -= 0x7fffffc0;"
		"r0 += r1;"
		"r0 = 0;"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
