// Tests in the kernel's test_loader convention, written with ebpf-test's own header: all pass or skip.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include "ebpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp") __retval(XDP_PASS)
int passes_test_loader_frame(struct xdp_md *ctx)
{
	expect_eq(ctx->data_end - ctx->data, 64);
	return XDP_PASS;
}

SEC("tc") __description("tc sees test_loader's 64 bytes") __retval(TEST_DATA_LEN)
int tc_length(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("xdp") __retval(-1)
int negative_retval(struct xdp_md *ctx)
{
	return -1;
}

SEC("xdp") __retval(0x10)
int hex_retval(struct xdp_md *ctx)
{
	return 16;
}

SEC("xdp") __failure __msg("pointer arithmetic with <<= operator prohibited")
int reads_past_the_frame(struct xdp_md *ctx)
{
	return *(__u8 *)(long)(ctx->data + 100);
}

SEC("xdp") __failure __msg("invalid access to packet, off=23 size=1")
int reads_unchecked_header(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	return *(__u8 *)(data + 23);
}

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} samples SEC(".maps");

/* Linux refuses the leaked sample, and so does this verifier. */
SEC("xdp") __failure __msg("Unreleased reference")
int leaks_a_sample(struct xdp_md *ctx)
{
	void *sample = bpf_ringbuf_reserve(&samples, 8, 0);

	return sample ? XDP_DROP : XDP_PASS;
}

/* Linux refuses a reservation of a size it does not know (and so does this verifier). */
SEC("xdp") __failure __msg("is not a known constant")
int reserves_a_variable_size(struct xdp_md *ctx)
{
	void *sample = bpf_ringbuf_reserve(&samples, ctx->ingress_ifindex, 0);

	if (sample)
		bpf_ringbuf_discard(sample, 0);
	return XDP_PASS;
}

SEC("xdp") __success
int only_loads(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp") __auxiliary
int helper_program(struct xdp_md *ctx)
{
	return XDP_DROP;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[8]);
} slots SEC(".maps");

/* Linux refuses an index whose signed minimum it cannot bound: sign-extended by a shift pair and checked only from above. */
SEC("xdp") __failure __msg("unbounded min value is not allowed")
int indexes_with_a_signed_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *slot = bpf_map_lookup_elem(&slots, &key);
	int i = (int)ctx->rx_queue_index - 4;

	if (!slot || i >= 8)
		return XDP_PASS;
	return slot[i] ? XDP_DROP : XDP_PASS;
}

/* Linux verifies a global function on its own, from its BTF prototype (here the XDP context), and refuses its unchecked packet read. */
__attribute__((noinline)) int read_first_byte(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;

	return data[0];
}

SEC("xdp") __failure __msg("invalid access to packet")
int calls_a_global_function(struct xdp_md *ctx)
{
	return read_first_byte(ctx) ? XDP_DROP : XDP_PASS;
}
