// An index checked only with a signed upper bound may be negative; its low 32 bits shifted left
// by 2 are any multiple of 4 below 2^32, an unbounded offset for the kernel.
// kernel: refused: unbounded memory access
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[48]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int shifted_low_half_of_signed_index(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[bytes] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r1 = *(u64 *)(r0 + 0);"
		"w2 = 11;"
		"if r2 s> r1 goto shift;"
		"w1 = 0;"
		"shift:"
		"w1 <<= 2;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
