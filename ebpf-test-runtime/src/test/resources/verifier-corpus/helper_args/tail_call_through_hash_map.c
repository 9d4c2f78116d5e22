// bpf_tail_call needs a program array.
// kernel: refused: expected prog array map for tail call
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} not_programs SEC(".maps");

SEC("tc")
NAKED int tail_call_through_hash_map(void)
{
	asm volatile(
		"r2 = %[not_programs] ll;"
		"r3 = 0;"
		"call %[tail_call];"
		"r0 = 0;"
		"exit;"
		:: [not_programs] "i"(&not_programs), [tail_call] "i"(BPF_FUNC_tail_call)
		: "memory");
}
