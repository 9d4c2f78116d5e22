// A ring buffer has no elements to look up: its key size is 0, and the verifier refuses the
// zero-sized key read before it looks at the map type.
// kernel: refused: invalid zero-sized read
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
NAKED int lookup_in_ringbuf(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[events] ll;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [events] "i"(&events), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
