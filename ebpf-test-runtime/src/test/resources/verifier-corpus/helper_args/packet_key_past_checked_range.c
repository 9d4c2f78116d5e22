// Uses packet bytes as a key with only the Ethernet header checked: the key lies beyond.
// kernel: refused: invalid access to packet
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} blocked SEC(".maps");

SEC("xdp")
int packet_key_past_checked_range(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	if (data + sizeof(struct ethhdr) > data_end)
		return XDP_PASS;
	return bpf_map_lookup_elem(&blocked, &ip->saddr) ? XDP_DROP : XDP_PASS;
}
