// Tests in the kernel's test_loader convention that fail, to prove failures are reported.
#include <linux/bpf.h>
#include "ebpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp") __retval(XDP_DROP)
int wrong_action(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp") __retval(XDP_PASS)
int failed_expectation(struct xdp_md *ctx)
{
	expect_eq(ctx->data_end - ctx->data, 65);
	return XDP_PASS;
}

SEC("xdp") __description("passing neighbour") __retval(XDP_PASS)
int passes(struct xdp_md *ctx)
{
	return XDP_PASS;
}
