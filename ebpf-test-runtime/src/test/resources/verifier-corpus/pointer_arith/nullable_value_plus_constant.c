// Adds 8 to a lookup result before checking it for NULL.
// kernel: refused: pointer arithmetic on map_value_or_null prohibited
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} table SEC(".maps");

SEC("xdp")
NAKED int nullable_value_plus_constant(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[table] ll;"
		"call %[lookup];"
		"r0 += 8;"
		"if r0 == 0 goto 1f;"
		"r0 = *(u64 *)(r0 + 0);"
		"1:"
		"r0 = 2;"
		"exit;"
		:: [lookup] "i"(BPF_FUNC_map_lookup_elem), [table] "i"(&table)
		: "memory");
}
