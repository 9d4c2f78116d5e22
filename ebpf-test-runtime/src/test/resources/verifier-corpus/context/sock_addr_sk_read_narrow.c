// bpf_sock_addr's sk read in its upper half.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("cgroup/bind4")
NAKED int sock_addr_sk_read_narrow(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 68);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
