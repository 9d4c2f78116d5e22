// A bpf-to-bpf call starts the callee with r6-r9 uninitialised, whatever the caller put there.
// kernel: refused: R6 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int callee_reads_callers_r6(void)
{
	asm volatile(
		"r6 = 2;"
		"call callee_returning_r6;"
		"exit;"
		::: "memory");
}

NAKED __attribute__((used)) static int callee_returning_r6(void)
{
	asm volatile(
		"r0 = r6;"
		"exit;"
		::: "memory");
}
