// A struct_ops program of an object whose license is not GPL compatible is refused before any
// instruction is walked (check_struct_ops_btf_id), even in a member returning void.
// kernel: refused: struct ops programs must have a GPL compatible license
#define CORPUS_LICENSE "Proprietary"
#include "corpus.h"

/* The members this case uses; libbpf matches the kernel's struct and members by name. */
struct sock;
struct tcp_congestion_ops {
	void (*init)(struct sock *sk);
	__u32 (*ssthresh)(struct sock *sk);
	char name[16];
};

SEC("struct_ops")
NAKED void struct_ops_without_gpl(void)
{
	asm volatile(
		"exit;"
		::: "memory");
}

SEC(".struct_ops")
struct tcp_congestion_ops proprietary_ops = {
	.init = (void *)struct_ops_without_gpl,
	.name = "corpus_nogpl",
};
