// The loop the README's command-line speed figures time (run --repeat 2000 against bpftool prog run
// ... repeat 2000): 131,072 iterations of 5 instructions, 655,365 instructions a run. The empty asm
// keeps clang from folding the loop into a formula. Rebuild with ./build.sh.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define ITERATIONS 131072

SEC("xdp")
int loop_sum(struct xdp_md *ctx)
{
	__u64 sum = 0, shifted = 0;

	__u32 i = 0;

	do {
		sum += i;
		shifted = sum >> 3;
		asm volatile("" : "+r"(sum), "+r"(shifted));
	} while (++i < ITERATIONS);
	return (sum ^ shifted) & 3;
}

char LICENSE[] SEC("license") = "GPL";
