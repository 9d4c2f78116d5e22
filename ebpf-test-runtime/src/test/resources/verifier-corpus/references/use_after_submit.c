// Writes to the record after submitting it: the submit ended the reference.
// kernel: refused: invalid mem access 'scalar'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
NAKED int use_after_submit(void)
{
	asm volatile(
		"r1 = %[events] ll;"
		"r2 = 8;"
		"r3 = 0;"
		"call %[reserve];"
		"if r0 == 0 goto 1f;"
		"r6 = r0;"
		"r1 = r0;"
		"r2 = 0;"
		"call %[submit];"
		"r1 = 1;"
		"*(u64 *)(r6 + 0) = r1;"
		"1:"
		"r0 = 2;"
		"exit;"
		:: [events] "i"(&events), [reserve] "i"(BPF_FUNC_ringbuf_reserve),
		   [submit] "i"(BPF_FUNC_ringbuf_submit)
		: "memory");
}
