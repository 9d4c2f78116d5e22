// bpf_xdp_adjust_head takes an xdp_md; a classifier may not call it.
// kernel: refused: program of this type cannot use helper bpf_xdp_adjust_head#44
#include "corpus.h"

SEC("tc")
NAKED int tc_calls_xdp_adjust_head(void)
{
	asm volatile(
		"r2 = 4;"
		"call %[adjust];"
		"r0 = 0;"
		"exit;"
		:: [adjust] "i"(BPF_FUNC_xdp_adjust_head)
		: "memory");
}
