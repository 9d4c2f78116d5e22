// The same event copied from the checked packet onto the stack first: the helper reads the stack.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("xdp")
int packet_copied_to_stack_for_perf_event_output(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr eth;

	if (data + sizeof(eth) > data_end)
		return XDP_PASS;
	__builtin_memcpy(&eth, data, sizeof(eth));
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &eth, sizeof(eth));
	return XDP_PASS;
}
