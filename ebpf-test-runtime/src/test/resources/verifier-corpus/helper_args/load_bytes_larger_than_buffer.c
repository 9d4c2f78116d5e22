// Asks for 16 bytes into an 8-byte stack buffer at the top of the frame.
// kernel: refused: invalid write to stack
#include "corpus.h"

SEC("tc")
NAKED int load_bytes_larger_than_buffer(void)
{
	asm volatile(
		"r2 = 0;"
		"r3 = r10;"
		"r3 += -8;"
		"r4 = 16;"
		"call %[load];"
		"r0 = 0;"
		"exit;"
		:: [load] "i"(BPF_FUNC_skb_load_bytes)
		: "memory");
}
