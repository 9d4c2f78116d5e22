// A struct_ops program placed in a member whose function pointer returns a value (ssthresh of
// tcp_congestion_ops) must write r0 before it exits, as every other program does.
// kernel: refused: R0 !read_ok
#include "corpus.h"

/* The members this case uses; libbpf matches the kernel's struct and members by name. */
struct sock;
struct tcp_congestion_ops {
	void (*init)(struct sock *sk);
	__u32 (*ssthresh)(struct sock *sk);
	char name[16];
};

SEC("struct_ops")
NAKED __u32 value_member_exits_without_r0(void)
{
	asm volatile(
		"exit;"
		::: "memory");
}

SEC(".struct_ops")
struct tcp_congestion_ops value_member_ops = {
	.ssthresh = (void *)value_member_exits_without_r0,
	.name = "corpus_value",
};
