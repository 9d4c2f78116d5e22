// The program of BpfLoopBenchmark: bpf_loop with 1,024 iterations whose callback adds the index to
// a sum on the caller's stack. Rebuild with ./build.sh.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LOOPS 1024

static int add_index(__u32 index, void *ctx)
{
	*(__u64 *)ctx += index;
	return 0;
}

SEC("xdp")
int loop_sum(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_loop(LOOPS, add_index, &sum, 0);
	return sum == (__u64)LOOPS * (LOOPS - 1) / 2 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
