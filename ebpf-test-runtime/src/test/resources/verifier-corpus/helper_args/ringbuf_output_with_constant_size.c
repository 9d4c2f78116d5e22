// Copies an 8-byte event from the stack into a ring buffer.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int ringbuf_output_with_constant_size(struct xdp_md *ctx)
{
	__u64 event = ctx->ingress_ifindex;

	bpf_ringbuf_output(&events, &event, sizeof(event), 0);
	return XDP_PASS;
}
