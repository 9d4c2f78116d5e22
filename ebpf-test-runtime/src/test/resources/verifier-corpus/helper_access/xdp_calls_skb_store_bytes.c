// bpf_skb_store_bytes works on socket buffers; XDP's func_proto does not offer it.
// kernel: refused: program of this type cannot use helper bpf_skb_store_bytes#9
#include "corpus.h"

SEC("xdp")
NAKED int xdp_calls_skb_store_bytes(void)
{
	asm volatile(
		"r2 = 0;"
		"r3 = r10;"
		"r3 += -8;"
		"*(u64 *)(r10 - 8) = r2;"
		"r4 = 2;"
		"r5 = 0;"
		"call %[store];"
		"r0 = 2;"
		"exit;"
		:: [store] "i"(BPF_FUNC_skb_store_bytes)
		: "memory");
}
