// The program is a lone exit: r0 was never written.
// kernel: refused: R0 !read_ok
#include "corpus.h"

SEC("xdp")
NAKED int exit_without_return_value(void)
{
	asm volatile(
		"exit;"
		::: "memory");
}
