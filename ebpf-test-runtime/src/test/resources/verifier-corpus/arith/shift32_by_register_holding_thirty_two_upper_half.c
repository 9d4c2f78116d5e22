// The register a 32-bit shift by 32 leaves is unknown in all 64 bits to the kernel, not only in the
// low 32 that the instruction writes: its upper half may be anything.
// kernel: refused: unbounded memory access
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int shift32_by_register_holding_thirty_two_upper_half(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[words] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r2 = 32;"
		"r1 = 1;"
		"w1 <<= w2;"
		"r1 >>= 32;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
