// Holds two reservations at once and submits both.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int two_reservations_both_submitted(struct xdp_md *ctx)
{
	__u32 *a = bpf_ringbuf_reserve(&events, 4, 0);
	__u32 *b;

	if (!a)
		return XDP_PASS;
	b = bpf_ringbuf_reserve(&events, 4, 0);
	if (!b) {
		bpf_ringbuf_discard(a, 0);
		return XDP_PASS;
	}
	*a = ctx->ingress_ifindex;
	*b = ctx->rx_queue_index;
	bpf_ringbuf_submit(a, 0);
	bpf_ringbuf_submit(b, 0);
	return XDP_PASS;
}
