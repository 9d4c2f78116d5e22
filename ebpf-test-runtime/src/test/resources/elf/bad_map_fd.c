// A program whose lddw names a map by a file descriptor no map of the object has (as raw
// instructions in the kernel's selftests do), and one using may_goto with offset 0, which Linux 6.18
// loads and runs as the emulator does, beside a good one. Linux loads programs one by one and refuses only the
// first; libbpf's loadall fails the whole object.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int good(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bad_fd(struct xdp_md *ctx)
{
	// r1 = map fd 1 (BPF_LD_MAP_FD: lddw with src BPF_PSEUDO_MAP_FD)
	asm volatile (".byte 0x18, 0x11, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0" ::: "r1");
	return XDP_DROP;
}

SEC("xdp")
int uses_may_goto(struct xdp_md *ctx)
{
	// may_goto +0 (BPF_JMP | BPF_JCOND)
	asm volatile (".byte 0xe5, 0, 0, 0, 0, 0, 0, 0");
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
