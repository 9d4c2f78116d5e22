// Looks up a socket and releases it through bpf_tcp_sock's view of it, which holds the same
// reference; the looked-up socket itself is released on the other path.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int release_through_tcp_sock_cast(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_tcp_sock *tp;
	struct bpf_sock *sk;

	tuple.ipv4.dport = bpf_htons(443);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	tp = bpf_tcp_sock(sk);
	if (!tp) {
		bpf_sk_release(sk);
		return TC_ACT_OK;
	}
	bpf_sk_release((struct bpf_sock *)tp);
	return TC_ACT_OK;
}
