// bpf_sock_ops' skb_data read whole.
// kernel: accepted
#include "corpus.h"

SEC("sockops")
NAKED int sock_ops_skb_data_read_whole(void)
{
	asm volatile(
		"r2 = *(u64 *)(r1 + 192);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
