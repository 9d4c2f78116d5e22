// A byte less one may be -1: shifted right by 56 it is 0 or 255, and the kernel's bounds are
// [0, 255], past the end of an 8-byte value.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[8]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int right_shift_of_byte_less_one(void)
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
		"r1 -= 1;"
		"r1 >>= 56;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
