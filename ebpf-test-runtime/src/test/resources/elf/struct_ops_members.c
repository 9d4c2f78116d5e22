// Two callbacks of one struct_ops variable: init, whose function pointer returns void and which
// exits without writing r0, and ssthresh, which returns a value; .struct_ops.link places a third
// (libbpf 1.2 and later: the bpftool of Linux 6.18 on Debian, built with libbpf 1.1, skips it).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The members used here; libbpf matches the kernel's struct and members by name. */
struct sock;
struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*init)(struct sock *sk);
	char name[16];
};

SEC("struct_ops")
__attribute__((naked)) void ops_init(void)
{
	asm volatile("exit;" ::: "memory");
}

SEC("struct_ops")
__u32 ops_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops")
__attribute__((naked)) void linked_init(void)
{
	asm volatile("exit;" ::: "memory");
}

SEC(".struct_ops")
struct tcp_congestion_ops members_ops = {
	.ssthresh = (void *)ops_ssthresh,
	.init = (void *)ops_init,
	.name = "ebpftest_a",
};

SEC(".struct_ops.link")
struct tcp_congestion_ops linked_ops = {
	.init = (void *)linked_init,
	.name = "ebpftest_b",
};

char LICENSE[] SEC("license") = "GPL";
