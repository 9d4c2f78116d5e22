// bpf_sockopt's optval is a pointer, read only whole: a 4-byte load of it is refused.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("cgroup/getsockopt")
NAKED int sockopt_optval_read_narrow(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 8);"
		"r0 = 1;"
		"exit;"
		::: "memory");
}
