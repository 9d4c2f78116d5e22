// The NULL check is skipped on one branch, and the read after the join sees map_value_or_null.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
NAKED int null_checked_only_on_one_path(void)
{
	asm volatile(
		"r6 = *(u32 *)(r1 + 12);"  /* ingress_ifindex */
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[counts] ll;"
		"call %[lookup];"
		"if r6 == 1 goto 1f;"
		"if r0 == 0 goto 2f;"
		"1:"
		"r0 = *(u64 *)(r0 + 0);"
		"2:"
		"r0 = 2;"
		"exit;"
		:: [counts] "i"(&counts), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
