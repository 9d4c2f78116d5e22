// Subtracting an index of up to 2^30 - 1: the pointer's least offset passes the kernel's limit.
// kernel: refused: map_value pointer offset
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int index_subtracted_thirty_bits(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[bytes] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r1 = *(u32 *)(r0 + 0);"
		"r1 &= 0x3fffffff;"
		"r0 -= r1;"
		"r0 = 0;"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
