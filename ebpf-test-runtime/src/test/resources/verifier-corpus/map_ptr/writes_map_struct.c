// A store through a map pointer: the map's kernel struct is read-only to programs.
// kernel: refused: only read from bpf_array is supported
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
NAKED int writes_map_struct(void)
{
	asm volatile(
		"r1 = %[settings] ll;"
		"r2 = 0;"
		"*(u64 *)(r1 + 0) = r2;"
		"r0 = 2;"
		"exit;"
		:: [settings] "i"(&settings)
		: "memory");
}
