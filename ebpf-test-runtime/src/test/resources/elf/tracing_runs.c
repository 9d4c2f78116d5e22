// Tracing programs as bpf_prog_test_run_tracing answers them: it calls the kernel's test
// functions, which run these programs only when they are attached.
#include <linux/bpf.h>
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))

static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)6;

SEC("fentry/bpf_fentry_test1")
int on_test1(__u64 *ctx)
{
	char fmt[] = "fentry ran";

	bpf_trace_printk(fmt, sizeof(fmt));
	return 7;
}

SEC("fexit/bpf_fentry_test2")
int after_test2(__u64 *ctx)
{
	return ctx[2];
}

SEC("fmod_ret/bpf_modify_return_test")
int modify(__u64 *ctx)
{
	return 5;
}

SEC("tp_btf/sys_enter")
int btf_tracepoint(__u64 *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
