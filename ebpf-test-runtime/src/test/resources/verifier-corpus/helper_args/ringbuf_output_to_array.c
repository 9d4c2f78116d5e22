// bpf_ringbuf_output needs a ring buffer map, not an array.
// kernel: refused: cannot pass map_type 2 into func bpf_ringbuf_output#130
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} not_a_ring SEC(".maps");

SEC("xdp")
int ringbuf_output_to_array(struct xdp_md *ctx)
{
	__u64 event = ctx->ingress_ifindex;

	bpf_ringbuf_output(&not_a_ring, &event, sizeof(event), 0);
	return XDP_PASS;
}
