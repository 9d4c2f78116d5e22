// Passes the number 4 where bpf_map_lookup_elem expects a pointer to the key.
// kernel: refused: R2 type=scalar expected=
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

SEC("xdp")
NAKED int scalar_passed_as_key(void)
{
	asm volatile(
		"r1 = %[table] ll;"
		"r2 = 4;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [table] "i"(&table), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
