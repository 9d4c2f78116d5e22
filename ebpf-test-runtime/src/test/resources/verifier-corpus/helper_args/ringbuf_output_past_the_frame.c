// Outputs 16 bytes starting at fp-8: the second half lies above the frame.
// kernel: refused: invalid read from stack
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
NAKED int ringbuf_output_past_the_frame(void)
{
	asm volatile(
		"r1 = 0;"
		"*(u64 *)(r10 - 8) = r1;"
		"r2 = r10;"
		"r2 += -8;"
		"r1 = %[events] ll;"
		"r3 = 16;"
		"r4 = 0;"
		"call %[output];"
		"r0 = 2;"
		"exit;"
		:: [events] "i"(&events), [output] "i"(BPF_FUNC_ringbuf_output)
		: "memory");
}
