// A loop whose body changes nothing the verifier tracks: the same state comes back.
// kernel: refused: infinite loop detected
#include "corpus.h"

SEC("tc")
NAKED int loop_that_never_changes_state(void)
{
	asm volatile(
		"r0 = 0;"
		"1:"
		"r1 = 5;"
		"if r0 == 0 goto 1b;"
		"exit;"
		::: "memory");
}
