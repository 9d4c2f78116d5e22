// Stores the constant key 0 as 8 bytes for a 4-byte key: the kernel then does not see a constant key,
// so the lookup may fail and the value must be checked.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
NAKED int array_key_spilled_as_eight_bytes(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[settings] ll;"
		"call %[lookup];"
		"r0 = *(u64 *)(r0 + 0);"
		"exit;"
		:: [settings] "i"(&settings), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
