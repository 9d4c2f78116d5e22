// The same index checked from below as a signed value too holds only 3 and 4, inside the value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int index_above_two_unsigned_and_four_signed_range(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[words] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r1 = *(u64 *)(r0 + 0);"
		"if r1 <= 2 goto out;"
		"if r1 s> 4 goto out;"
		"if r1 s< 0 goto out;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
