// Adds 8 to a map pointer (not a value pointer).
// kernel: refused: pointer arithmetic on map_ptr prohibited
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} table SEC(".maps");

SEC("xdp")
NAKED int map_pointer_plus_constant(void)
{
	asm volatile(
		"r1 = %[table] ll;"
		"r1 += 8;"
		"r0 = 2;"
		"exit;"
		:: [table] "i"(&table)
		: "memory");
}
