// A static subprogram placed in the section of the programs that call it. cilium/ebpf links such
// calls; libbpf refuses the object ("program 'pass_or_drop' is static and not supported").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

static __attribute__((noinline, section("xdp"))) int pass_or_drop(int len)
{
	if (len > 100)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
int xdp_len(struct xdp_md *ctx)
{
	return pass_or_drop(ctx->data_end - ctx->data);
}

SEC("xdp")
int xdp_ifindex(struct xdp_md *ctx)
{
	return pass_or_drop(ctx->ingress_ifindex);
}
