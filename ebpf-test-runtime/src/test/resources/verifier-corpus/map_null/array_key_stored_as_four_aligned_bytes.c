// Stores the constant key 1 as 4 bytes at an 8-byte aligned slot: the kernel sees the constant and
// knows the lookup cannot fail.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
NAKED int array_key_stored_as_four_aligned_bytes(void)
{
	asm volatile(
		"r1 = 1;"
		"*(u32 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[settings] ll;"
		"call %[lookup];"
		"r0 = *(u64 *)(r0 + 0);"
		"r0 &= 1;"
		"exit;"
		:: [settings] "i"(&settings), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
