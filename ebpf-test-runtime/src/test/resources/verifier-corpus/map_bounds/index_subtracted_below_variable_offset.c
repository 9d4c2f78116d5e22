// A pointer moved by an index of 0 to 4, less an index of 0 to 7: some offsets lie below the
// value's start, so the kernel keeps no unsigned bounds and the read is unbounded.
// kernel: refused: unbounded memory access
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int index_subtracted_below_variable_offset(void)
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
		"r1 &= 4;"
		"r2 = *(u8 *)(r0 + 1);"
		"r2 &= 7;"
		"r0 += 8;"
		"r0 += r1;"
		"r0 -= r2;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
