// XDP trims the tail with bpf_xdp_adjust_tail and checksums a header word with bpf_csum_diff.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
int xdp_adjust_tail_and_csum_diff(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 word;

	if (data + 4 > data_end)
		return XDP_PASS;
	word = *(__u32 *)data;
	if (bpf_csum_diff(0, 0, &word, sizeof(word), 0) == 0)
		return XDP_DROP;
	if (data_end - data > 128)
		bpf_xdp_adjust_tail(ctx, -4);
	return XDP_PASS;
}
