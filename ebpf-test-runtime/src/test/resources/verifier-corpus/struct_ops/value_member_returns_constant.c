// A struct_ops program placed in a member whose function pointer returns a value, returning one:
// the kernel checks no range for struct_ops programs.
// kernel: accepted
#include "corpus.h"

/* The members this case uses; libbpf matches the kernel's struct and members by name. */
struct sock;
struct tcp_congestion_ops {
	void (*init)(struct sock *sk);
	__u32 (*ssthresh)(struct sock *sk);
	char name[16];
};

SEC("struct_ops")
__u32 value_member_returns_constant(unsigned long long *ctx)
{
	return 2;
}

SEC(".struct_ops")
struct tcp_congestion_ops constant_ops = {
	.ssthresh = (void *)value_member_returns_constant,
	.name = "corpus_const",
};
