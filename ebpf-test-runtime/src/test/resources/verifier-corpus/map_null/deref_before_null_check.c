// Reads the value first and checks it for NULL afterwards.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
NAKED int deref_before_null_check(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[counts] ll;"
		"call %[lookup];"
		"r1 = *(u64 *)(r0 + 0);"
		"if r0 == 0 goto 1f;"
		"r0 = 1;"
		"exit;"
		"1:"
		"r0 = 2;"
		"exit;"
		:: [counts] "i"(&counts), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
