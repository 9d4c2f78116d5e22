// A packet helper in a kprobe: the type offers no packet helpers.
// kernel: refused: program of this type cannot use helper bpf_skb_store_bytes#9
#include "corpus.h"

SEC("kprobe/do_nanosleep")
NAKED int kprobe_calls_skb_store_bytes(void)
{
	asm volatile(
		"call 9;"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
