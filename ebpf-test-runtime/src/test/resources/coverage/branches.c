// Coverage test object: a classifier whose paths a test drives one by one.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

static __attribute__((noinline)) int port_verdict(__u8 port)
{
	if (port == 22)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
int classify(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *bytes = data;

	if (data + 16 > end)
		return XDP_ABORTED;
	if (bytes[14] == 1)
		return port_verdict(bytes[15]);
	return XDP_TX;
}
