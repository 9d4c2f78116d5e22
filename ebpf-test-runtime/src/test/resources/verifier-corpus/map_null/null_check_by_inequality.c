// Checks with value != NULL and uses the value inside the branch.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
NAKED int null_check_by_inequality(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[counts] ll;"
		"call %[lookup];"
		"if r0 != 0 goto 1f;"
		"r0 = 2;"
		"exit;"
		"1:"
		"r0 = *(u64 *)(r0 + 0);"
		"r0 &= 1;"
		"exit;"
		:: [counts] "i"(&counts), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
