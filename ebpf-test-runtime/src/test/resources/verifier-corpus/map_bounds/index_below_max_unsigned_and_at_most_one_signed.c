// Every value but the largest unsigned one, then at most 1 signed: 0, 1 and all the negative values
// but -1 remain, so the signed minimum stays unbounded.
// kernel: refused: unbounded min value is not allowed
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int index_below_max_unsigned_and_at_most_one_signed(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[words] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r1 = *(u64 *)(r0 + 0);"
		"r2 = -1;"
		"if r2 <= r1 goto out;"
		"if r1 s> 1 goto out;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
