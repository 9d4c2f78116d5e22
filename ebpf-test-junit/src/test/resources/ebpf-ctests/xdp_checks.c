// This module's own C tests, which Surefire runs through the ebpf-ctests engine with the Java tests.
#include <linux/bpf.h>
#include "ebpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp") __description("frame of test_loader's length passes") __retval(XDP_PASS)
int passes_64_bytes(struct xdp_md *ctx)
{
	expect_eq(ctx->data_end - ctx->data, 64);
	return XDP_PASS;
}

SEC("xdp") __retval(XDP_DROP)
int drops_zeroed_ethertype(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;

	if (data + 14 > (unsigned char *)(long)ctx->data_end)
		return XDP_ABORTED;
	return data[12] == 0 && data[13] == 0 ? XDP_DROP : XDP_PASS;
}
