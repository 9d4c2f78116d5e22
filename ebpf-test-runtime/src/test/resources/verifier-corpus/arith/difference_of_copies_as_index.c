// A byte less a copy of itself is 0, but the kernel bounds each operand on its own (-255 to
// 255): the read through the index is refused, though Linux could know better.
// kernel: refused: min value is negative
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[256]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int difference_of_copies_as_index(void)
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
		"r3 = r1;"
		"r1 -= r3;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
