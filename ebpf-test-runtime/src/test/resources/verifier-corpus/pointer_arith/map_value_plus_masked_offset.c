// Adds a masked, 8-byte aligned offset to a map value pointer and reads there.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} table SEC(".maps");

SEC("xdp")
NAKED int map_value_plus_masked_offset(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[table] ll;"
		"call %[lookup];"
		"if r0 == 0 goto 1f;"
		"r6 = r0;"
		"call %[prandom];"
		"r0 &= 24;"
		"r6 += r0;"
		"r0 = *(u64 *)(r6 + 0);"
		"1:"
		"r0 = 2;"
		"exit;"
		:: [prandom] "i"(BPF_FUNC_get_prandom_u32), [lookup] "i"(BPF_FUNC_map_lookup_elem), [table] "i"(&table)
		: "memory");
}
