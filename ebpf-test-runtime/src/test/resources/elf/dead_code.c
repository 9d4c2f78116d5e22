// Instructions the verifier refuses where a run can reach them, in code it proves dead: r1 is 0,
// so the branch always jumps over them. Linux loads the program (bpftool prog loadall) and returns
// XDP_PASS; it refuses the same write where a run can reach it ("frame pointer is read only").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int frame_pointer_write_in_dead_code(struct xdp_md *ctx)
{
	asm volatile("r1 = 0; if r1 == 0 goto +1; r10 = 0" ::: "r1");
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
