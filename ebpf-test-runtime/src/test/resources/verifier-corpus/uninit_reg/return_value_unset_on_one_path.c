// One path reaches the exit without writing r0.
// kernel: refused: R0 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int return_value_unset_on_one_path(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 12);"
		"if r2 == 1 goto 1f;"
		"r0 = 2;"
		"1:"
		"exit;"
		::: "memory");
}
