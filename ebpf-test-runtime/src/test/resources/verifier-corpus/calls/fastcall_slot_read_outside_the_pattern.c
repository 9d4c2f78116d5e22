// As fastcall_spill_around_inlined_helper, but the subprogram reads the saved slot once more after
// the fill: the slot is no longer used only by the bpf_fastcall spill and fill, so the kernel keeps
// them and counts the slot, and 512 + 8 bytes (16 once rounded) are too many.
// kernel: refused: combined stack size of 2 calls is
#include "corpus.h"

SEC("xdp")
NAKED int fastcall_slot_read_outside_the_pattern(void)
{
	asm volatile(
		"r1 = 7;"
		"*(u64 *)(r10 - 512) = r1;"
		"call cpu_plus_twice;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}

NAKED __attribute__((used)) static int cpu_plus_twice(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"call %[cpu];"
		"r1 = *(u64 *)(r10 - 8);"
		"r0 += r1;"
		"r1 = *(u64 *)(r10 - 8);"
		"r0 += r1;"
		"exit;"
		:: [cpu] "i"(BPF_FUNC_get_smp_processor_id)
		: "memory");
}
