// A pointer argument's whole type must lie in the caller's memory: 4 bytes of stack below the
// frame pointer are too few for a long.
// kernel: refused: invalid read from stack
#include "corpus.h"

__attribute__((noinline)) int load_long(long *p)
{
	return p ? p[0] : 0;
}

SEC("xdp") NAKED
int global_argument_too_small_stack(void)
{
	asm volatile("r1 = r10; r1 += -4; r2 = 0; *(u32 *)(r10 - 4) = r2; call load_long; r0 = 2; exit;");
}
