// The same shift by 31 is computed: 1 << 31 masked with 0xffff is 0, inside the value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int shift32_by_register_holding_thirty_one(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[words] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r2 = 31;"
		"r1 = 1;"
		"w1 <<= w2;"
		"r1 &= 0xffff;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
