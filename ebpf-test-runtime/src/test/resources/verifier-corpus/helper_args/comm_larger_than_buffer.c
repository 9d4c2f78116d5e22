// Asks bpf_get_current_comm for 32 bytes into a 16-byte buffer at the top of the frame.
// kernel: refused: invalid write to stack
#include "corpus.h"

SEC("xdp")
NAKED int comm_larger_than_buffer(void)
{
	asm volatile(
		"r1 = r10;"
		"r1 += -16;"
		"r2 = 32;"
		"call %[comm];"
		"r0 = 2;"
		"exit;"
		:: [comm] "i"(BPF_FUNC_get_current_comm)
		: "memory");
}
