// Passes the context where bpf_map_lookup_elem expects a map.
// kernel: refused: R1 type=ctx expected=map_ptr
#include "corpus.h"

SEC("xdp")
NAKED int context_passed_as_map(void)
{
	asm volatile(
		"r2 = r10;"
		"r2 += -8;"
		"r3 = 0;"
		"*(u64 *)(r10 - 8) = r3;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
