// Uses four checked packet bytes directly as a map key.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} blocked SEC(".maps");

SEC("xdp")
int packet_bytes_as_key(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	return bpf_map_lookup_elem(&blocked, &ip->saddr) ? XDP_DROP : XDP_PASS;
}
