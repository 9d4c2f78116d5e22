// The same constant in-range key, stored at fp-4: the verifier tracks register spills only at
// 8-byte aligned slots, so it does not know the key and the value may be NULL.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
NAKED int array_constant_key_in_unaligned_slot(void)
{
	asm volatile(
		"r1 = 3;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[settings] ll;"
		"call %[lookup];"
		"r0 = *(u64 *)(r0 + 0);"
		"exit;"
		:: [settings] "i"(&settings), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
