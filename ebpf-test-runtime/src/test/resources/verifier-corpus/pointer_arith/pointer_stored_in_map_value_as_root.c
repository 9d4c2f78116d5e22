// Stores a stack pointer into a map value: leaking addresses is refused only for unprivileged loaders.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} table SEC(".maps");

SEC("xdp")
NAKED int pointer_stored_in_map_value_as_root(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[table] ll;"
		"call %[lookup];"
		"if r0 == 0 goto 1f;"
		"r1 = r10;"
		"*(u64 *)(r0 + 0) = r1;"
		"1:"
		"r0 = 2;"
		"exit;"
		:: [lookup] "i"(BPF_FUNC_map_lookup_elem), [table] "i"(&table)
		: "memory");
}
