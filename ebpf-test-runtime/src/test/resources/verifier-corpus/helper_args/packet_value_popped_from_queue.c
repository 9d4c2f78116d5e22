// Pops a queue's value into the checked packet: bpf_map_pop_elem, unlike bpf_map_push_elem, has
// no pkt_access, so its value may not point into the packet.
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__uint(value_size, sizeof(__u32));
} pending SEC(".maps");

SEC("xdp")
int packet_value_popped_from_queue(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + sizeof(__u32) > data_end)
		return XDP_PASS;
	bpf_map_pop_elem(&pending, data);
	return XDP_PASS;
}
