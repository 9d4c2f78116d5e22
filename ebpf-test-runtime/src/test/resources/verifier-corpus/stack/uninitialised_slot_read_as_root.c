// Reads a stack slot never written: a privileged loader may (the value is unknown), so Linux accepts.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int uninitialised_slot_read_as_root(void)
{
	asm volatile(
		"r0 = *(u64 *)(r10 - 8);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
