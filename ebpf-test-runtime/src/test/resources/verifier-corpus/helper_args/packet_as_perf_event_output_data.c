// Sends the checked Ethernet header to a perf buffer straight from the packet. The data argument
// of bpf_perf_event_output may not point into the packet (its prototype has no pkt_access); the
// packet goes out through the flags' context length instead, or from a copy on the stack.
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("xdp")
int packet_as_perf_event_output_data(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + sizeof(struct ethhdr) > data_end)
		return XDP_PASS;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, data, sizeof(struct ethhdr));
	return XDP_PASS;
}
