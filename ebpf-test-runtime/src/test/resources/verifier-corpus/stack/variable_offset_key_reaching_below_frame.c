// Looks up an 8-byte key at fp-516 or fp-512: the lower offset lies below the 512-byte frame.
// kernel: refused: invalid variable-offset read from stack
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
NAKED int variable_offset_key_reaching_below_frame(void)
{
	asm volatile(
		"call %[prandom];"
		"r0 &= 4;"
		"r2 = r10;"
		"r2 += -516;"
		"r2 += r0;"
		"r1 = %[counts] ll;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [counts] "i"(&counts), [prandom] "i"(BPF_FUNC_get_prandom_u32), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
