// A struct_ops program placed in a member whose function pointer returns void (init of
// tcp_congestion_ops) may exit without writing r0: check_return_code reads r0 only when the
// member's prototype returns a value. Loading creates the struct_ops map and registers nothing.
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
NAKED void void_member_exits_without_r0(void)
{
	asm volatile(
		"exit;"
		::: "memory");
}

SEC(".struct_ops")
struct tcp_congestion_ops void_member_ops = {
	.init = (void *)void_member_exits_without_r0,
	.name = "corpus_void",
};
