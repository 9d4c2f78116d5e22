// Copies one map's value into another without checking the lookup, so the value may be NULL.
// kernel: refused: R3 type=map_value_or_null expected=
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} current SEC(".maps"), previous SEC(".maps");

SEC("tc")
NAKED int nullable_value_passed_to_update(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[current] ll;"
		"call %[lookup];"
		"r3 = r0;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[previous] ll;"
		"r4 = 0;"
		"call %[update];"
		"r0 = 0;"
		"exit;"
		:: [current] "i"(&current), [previous] "i"(&previous),
		   [lookup] "i"(BPF_FUNC_map_lookup_elem), [update] "i"(BPF_FUNC_map_update_elem)
		: "memory");
}
