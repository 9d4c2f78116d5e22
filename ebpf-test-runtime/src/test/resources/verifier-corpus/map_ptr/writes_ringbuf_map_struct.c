// A store through a ringbuf map's pointer: its kernel struct is read-only to programs too.
// kernel: refused: only read from bpf_ringbuf_map is supported
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} target SEC(".maps");

SEC("xdp")
NAKED int writes_ringbuf_map_struct(void)
{
	asm volatile(
		"r1 = %[target] ll;"
		"r2 = 0;"
		"*(u64 *)(r1 + 0) = r2;"
		"r0 = 2;"
		"exit;"
		:: [target] "i"(&target)
		: "memory");
}
