// The neighbour of constant_plus_index_only_upper_bound: the sum is checked unsigned, which bounds
// it from both sides, and reading 8 bytes at up to 24 stays within the 32-byte value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int constant_plus_index_checked_both_sides(void)
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
		"r2 = 0;"
		"r2 += r1;"
		"if r2 > 24 goto out;"
		"r0 += r2;"
		"r0 = *(u64 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
