// Reads xdp_md->data with a sign-extending load (BPF_MEMSX, -mcpu=v4): the field holds a packet
// pointer, which is never sign-extended, so the access itself is refused.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("xdp")
NAKED int xdp_sign_extending_read_of_data(void)
{
	asm volatile(
		"r2 = *(s32 *)(r1 + 0);"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
