// A program of a type without an emulated context (raw tracepoint): it sums the first two u64
// arguments of its raw context. Given fewer than 16 bytes of context, the emulator traps on the
// second load; the kernel would have given the program all of the tracepoint's arguments.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("raw_tp/sys_enter")
int sum_args(__u64 *args)
{
	__u64 first = args[0];
	__u64 second = args[1];

	return first + second;
}
