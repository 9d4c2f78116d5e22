// Passes fp-4 as an 8-byte hash key: the helper would read 4 bytes above the frame.
// kernel: refused: invalid read from stack R2 off=-4 size=8
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} by_pair SEC(".maps");

SEC("xdp")
NAKED int key_crosses_frame_top(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[by_pair] ll;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [by_pair] "i"(&by_pair), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
