// A 32-bit word modulo 16 (32-bit) lies from 0 to 15, but Linux 6.18 computes no bounds for a
// modulo: the whole 64-bit register is unknown, and adding it to a map value pointer is refused.
// kernel: refused: unbounded min value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} bytes SEC(".maps");

SEC("xdp")
NAKED int modulo_of_word_as_index(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[bytes] ll;"
		"call %[lookup];"
		"if r0 == 0 goto out;"
		"r1 = *(u32 *)(r0 + 0);"
		"w1 %%= 16;"
		"r0 += r1;"
		"r0 = *(u8 *)(r0 + 0);"
		"out:"
		"r0 = 2;"
		"exit;"
		:: [bytes] "i"(&bytes), [lookup] "i"(BPF_FUNC_map_lookup_elem)
		: "memory");
}
