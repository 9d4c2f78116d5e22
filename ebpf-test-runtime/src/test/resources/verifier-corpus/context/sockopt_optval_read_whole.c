// bpf_sockopt's optval read whole.
// kernel: accepted
#include "corpus.h"

SEC("cgroup/getsockopt")
NAKED int sockopt_optval_read_whole(void)
{
	asm volatile(
		"r2 = *(u64 *)(r1 + 8);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
