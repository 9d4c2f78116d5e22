// Looks up a key that was never written: a privileged loader may pass uninitialised stack to a
// helper, so Linux accepts.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u64);
	__type(value, __u64);
} by_pair SEC(".maps");

SEC("xdp")
NAKED int uninitialised_key_as_root(void)
{
	asm volatile(
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[by_pair] ll;"
		"call %[lookup];"
		"r0 = 2;"
		"exit;"
		:: [by_pair] "i"(&by_pair), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
