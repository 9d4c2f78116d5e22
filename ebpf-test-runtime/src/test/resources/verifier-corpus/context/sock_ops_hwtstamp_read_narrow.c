// bpf_sock_ops' skb_hwtstamp is read only as 8 bytes.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("sockops")
NAKED int sock_ops_hwtstamp_read_narrow(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 216);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
