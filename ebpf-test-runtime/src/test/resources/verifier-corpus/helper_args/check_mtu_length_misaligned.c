// Hands bpf_check_mtu a length two bytes off a 4-byte boundary on the stack: its argument is
// MEM_ALIGNED, so the kernel checks the pointer's alignment strictly.
// kernel: refused: misaligned stack access
#include "corpus.h"

SEC("tc")
NAKED int check_mtu_length_misaligned(void)
{
	asm volatile(
		"r3 = 0;"
		"*(u64 *)(r10 - 8) = r3;"
		"r3 = r10;"
		"r3 += -6;"
		"r2 = 0;"
		"r4 = 0;"
		"r5 = 0;"
		"call %[check_mtu];"
		"r0 = 0;"
		"exit;"
		:
		: [check_mtu] "i"(BPF_FUNC_check_mtu)
		: "memory");
}
