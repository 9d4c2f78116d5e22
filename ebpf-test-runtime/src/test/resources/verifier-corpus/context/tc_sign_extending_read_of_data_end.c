// Reads __sk_buff->data_end with a sign-extending load (BPF_MEMSX, -mcpu=v4): refused as for data.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("tc")
NAKED int tc_sign_extending_read_of_data_end(void)
{
	asm volatile(
		"r2 = *(s32 *)(r1 + 80);"
		"r0 = 0;"
		"exit;"
		::: "memory");
}
