// Looks up an 8-byte key at fp-8 or fp-4: from fp-4 the key would run past the frame pointer, so
// the bounds of the variable offset fail before anything is read.
// kernel: refused: invalid variable-offset read from stack
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
NAKED int variable_offset_key_reaching_above_frame(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"call %[prandom];"
		"r0 &= 4;"
		"r2 = r10;"
		"r2 += -8;"
		"r2 += r0;"
		"r1 = %[counts] ll;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [counts] "i"(&counts), [prandom] "i"(BPF_FUNC_get_prandom_u32), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
