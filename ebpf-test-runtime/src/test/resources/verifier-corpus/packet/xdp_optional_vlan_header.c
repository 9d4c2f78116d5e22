// Skips an optional 802.1Q tag: the offset of the EtherType depends on the path, and each path
// checks its own bounds.
// kernel: accepted
#include "corpus.h"

struct vlan_tag {
	__be16 tci;
	__be16 proto;
};

SEC("xdp")
int xdp_optional_vlan_header(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__be16 proto;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q)) {
		struct vlan_tag *tag = (void *)(eth + 1);

		if ((void *)(tag + 1) > data_end)
			return XDP_PASS;
		proto = tag->proto;
	}
	return proto == bpf_htons(ETH_P_IPV6) ? XDP_DROP : XDP_PASS;
}
