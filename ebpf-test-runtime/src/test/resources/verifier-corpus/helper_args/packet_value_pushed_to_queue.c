// Pushes four checked packet bytes onto a queue: bpf_map_push_elem has pkt_access.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__uint(value_size, sizeof(__u32));
} pending SEC(".maps");

SEC("xdp")
int packet_value_pushed_to_queue(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + sizeof(__u32) > data_end)
		return XDP_PASS;
	bpf_map_push_elem(&pending, data, BPF_ANY);
	return XDP_PASS;
}
