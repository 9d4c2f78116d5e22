// XDP may look sockets up too, and must release them as well.
// kernel: refused: Unreleased reference
#include "corpus.h"

SEC("xdp")
int xdp_udp_lookup_without_release(struct xdp_md *ctx)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	tuple.ipv4.dport = bpf_htons(53);
	sk = bpf_sk_lookup_udp(ctx, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	return sk ? XDP_DROP : XDP_PASS;
}
