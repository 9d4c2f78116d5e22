// A 64-bit right shift by a register that holds 64 leaves the register unknown to the kernel too.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[4]);
} words SEC(".maps");

SEC("xdp")
NAKED int shift64_right_by_register_holding_sixty_four(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[words] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r2 = 64;"
		"r1 = 0;"
		"r1 >>= r2;"
		"r1 &= 0xff;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [words] "i"(&words), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
