// Looks up an 8-byte key at fp-16 or fp-12, half of it never written: every offset keeps the key
// inside the frame, and root may read uninitialised stack through a helper.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
NAKED int variable_offset_key_within_frame(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"call %[prandom];"
		"r0 &= 4;"
		"r2 = r10;"
		"r2 += -16;"
		"r2 += r0;"
		"r1 = %[counts] ll;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [counts] "i"(&counts), [prandom] "i"(BPF_FUNC_get_prandom_u32), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
