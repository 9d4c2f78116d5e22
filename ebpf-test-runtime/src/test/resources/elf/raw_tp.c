// A raw tracepoint program run by bpf_prog_test_run_raw_tp: its context is the arguments array,
// at most 12 u64.
#include <linux/bpf.h>
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))

SEC("raw_tp/sys_enter")
int sum_args(__u64 *ctx)
{
	return ctx[0] + ctx[1] * 3;
}

char _license[] SEC("license") = "GPL";
