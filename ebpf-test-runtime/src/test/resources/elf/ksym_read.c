// A read of a kernel variable through its __ksym address, only when the first packet byte is 1.
// libbpf resolves a typed __ksym through the kernel's BTF, which describes per-CPU variables only,
// so Linux refuses this object ("extern (var ksym) ...: not found in kernel BTF"); it is here for
// the emulator's side: it loads, and the read traps naming the variable.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern const int sysctl_unprivileged_bpf_disabled __ksym;

SEC("xdp")
int read_when_asked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;

	if (data + 1 > end || data[0] != 1)
		return XDP_PASS;
	return sysctl_unprivileged_bpf_disabled;
}

char LICENSE[] SEC("license") = "GPL";
