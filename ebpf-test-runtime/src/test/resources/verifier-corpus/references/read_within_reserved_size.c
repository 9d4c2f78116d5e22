// Reserves 16 bytes, writes both words and submits them.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int read_within_reserved_size(struct xdp_md *ctx)
{
	__u64 *e = bpf_ringbuf_reserve(&events, 16, 0);

	if (!e)
		return XDP_PASS;
	e[0] = ctx->ingress_ifindex;
	e[1] = e[0] + 1;
	bpf_ringbuf_submit(e, 0);
	return XDP_PASS;
}
