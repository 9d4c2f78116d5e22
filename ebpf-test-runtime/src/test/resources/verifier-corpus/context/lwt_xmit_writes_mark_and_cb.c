// Lightweight-tunnel programs may write mark (offset 8), priority (32) and cb[] (48..67).
// kernel: accepted
#include "corpus.h"

SEC("lwt_xmit")
NAKED int lwt_xmit_writes_mark_and_cb(void)
{
	asm volatile(
		"r2 = 7;"
		"*(u32 *)(r1 + 8) = r2;"
		"*(u32 *)(r1 + 32) = r2;"
		"*(u32 *)(r1 + 64) = r2;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
