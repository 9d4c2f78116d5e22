// XDP return values are not checked at load: 100 is no action, handled as XDP_ABORTED at run time.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_returns_unknown_action(void)
{
	asm volatile(
		"r0 = 100;"
		"exit;"
		::: "memory");
}
