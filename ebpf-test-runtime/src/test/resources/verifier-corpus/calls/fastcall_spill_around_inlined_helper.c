// The program uses all 512 bytes of its stack and calls a subprogram that saves r1 on its own
// stack around bpf_get_smp_processor_id, which x86-64's JIT inlines and which leaves r1 alone
// (bpf_fastcall). The kernel removes such a spill and fill after verification and does not count
// their slot in the subprogram's stack depth: 512 + 0 bytes fit.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int fastcall_spill_around_inlined_helper(void)
{
	asm volatile(
		"r1 = 7;"
		"*(u64 *)(r10 - 512) = r1;"
		"call cpu_plus;"
		"r0 = 2;"
		"exit;"
		::: "memory");
}

NAKED __attribute__((used)) static int cpu_plus(void)
{
	asm volatile(
		"*(u64 *)(r10 - 8) = r1;"
		"call %[cpu];"
		"r1 = *(u64 *)(r10 - 8);"
		"r0 += r1;"
		"exit;"
		:: [cpu] "i"(BPF_FUNC_get_smp_processor_id)
		: "memory");
}
