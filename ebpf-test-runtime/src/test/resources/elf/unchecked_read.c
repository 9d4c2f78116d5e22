// Two XDP programs for the verifier: one reads the IPv4 protocol byte (offset 23) without checking
// it against data_end, which Linux refuses at load ("invalid access to packet"); the other checks
// first and loads.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int drop_udp_unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;

	return data[23] == 17 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int drop_udp_checked(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;
	unsigned char *end = (unsigned char *)(long)ctx->data_end;

	if (data + 24 > end)
		return XDP_PASS;
	return data[23] == 17 ? XDP_DROP : XDP_PASS;
}
