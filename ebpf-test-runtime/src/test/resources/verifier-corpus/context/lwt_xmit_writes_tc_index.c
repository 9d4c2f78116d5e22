// Unlike tc, a lightweight-tunnel program may not write tc_index (offset 36).
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("lwt_xmit")
NAKED int lwt_xmit_writes_tc_index(void)
{
	asm volatile(
		"r2 = 7;"
		"*(u32 *)(r1 + 36) = r2;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
