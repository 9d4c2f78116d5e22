// A map pointer read as the map's kernel struct (struct bpf_array for an array): a privileged
// program may read it (the kernel's check_ptr_to_map_access), here the map's hash at offset 0.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
NAKED int reads_map_struct(void)
{
	asm volatile(
		"r1 = %[settings] ll;"
		"r2 = *(u64 *)(r1 + 0);"
		"r0 = 2;"
		"exit;"
		:: [settings] "i"(&settings)
		: "memory");
}
