// bpf_skb_load_bytes needs a size of at least one byte.
// kernel: refused: invalid zero-sized read
#include "corpus.h"

SEC("tc")
NAKED int load_bytes_of_zero_length(void)
{
	asm volatile(
		"r2 = 0;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 0;"
		"call %[load];"
		"r0 = 0;"
		"exit;"
		:: [load] "i"(BPF_FUNC_skb_load_bytes)
		: "memory");
}
