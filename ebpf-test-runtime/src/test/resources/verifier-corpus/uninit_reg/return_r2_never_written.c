// Returns r2, which is never written: only r1 and r10 are set at entry.
// kernel: refused: R2 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int return_r2_never_written(void)
{
	asm volatile(
		"r0 = r2;"
		"exit;"
		::: "memory");
}
