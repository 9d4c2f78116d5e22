// Passes the context itself as the data bpf_ringbuf_output copies.
// kernel: refused: R2 type=ctx expected=
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
NAKED int context_as_output_data(void)
{
	asm volatile(
		"r2 = r1;"
		"r1 = %[events] ll;"
		"r3 = 8;"
		"r4 = 0;"
		"call %[output];"
		"r0 = 2;"
		"exit;"
		:: [events] "i"(&events), [output] "i"(BPF_FUNC_ringbuf_output)
		: "memory");
}
