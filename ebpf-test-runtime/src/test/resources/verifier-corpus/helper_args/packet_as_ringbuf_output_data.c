// Copies the checked IPv4 header into a ring buffer straight from the packet: bpf_ringbuf_output
// has no pkt_access, so its data may not point into the packet.
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tc")
int packet_as_ringbuf_output_data(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	bpf_ringbuf_output(&events, ip, sizeof(*ip), 0);
	return TC_ACT_OK;
}
