// An unknown value xor 3 may still be anything, 0 among them: the read past the 8-byte value on
// that side is refused.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[8]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int xor_of_unknown_may_be_zero(void)
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
		"r1 ^= 3;"
		"if r1 != 0 goto out;"
		"r0 = *(u8 *)(r0 + 8);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
