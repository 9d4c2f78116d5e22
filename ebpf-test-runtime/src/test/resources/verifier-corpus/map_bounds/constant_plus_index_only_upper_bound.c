// A constant plus a 64-bit index read from the value takes the index's values (the kernel gives the
// sum the index's bounds), and a signed check from above leaves its minimum unbounded.
// kernel: refused: unbounded min value is not allowed
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int constant_plus_index_only_upper_bound(void)
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
		"if r2 s> 24 goto out;"
		"r0 += r2;"
		"r0 = *(u64 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
