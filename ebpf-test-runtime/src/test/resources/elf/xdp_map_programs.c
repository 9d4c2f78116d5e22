// XDP programs for the entries of a devmap and a cpumap, which the kernel runs only on frames it
// redirects through the map: test_run refuses to run them (EINVAL), and so does the emulator.
// One plain XDP program beside them shows the same object runs otherwise.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp/devmap")
int on_devmap(struct xdp_md *ctx)
{
	return ctx->egress_ifindex ? XDP_PASS : XDP_DROP;
}

SEC("xdp/cpumap")
int on_cpumap(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int plain(struct xdp_md *ctx)
{
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
