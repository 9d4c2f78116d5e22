// Reserves a record and returns without submitting or discarding it.
// kernel: refused: Unreleased reference
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int reserve_without_submit(struct xdp_md *ctx)
{
	__u32 *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return XDP_PASS;
	*e = ctx->ingress_ifindex;
	return XDP_PASS;
}
