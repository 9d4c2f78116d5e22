// bpf_skc_lookup_tcp also finds request and time-wait sockets; its result is released the same way.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int sock_common_lookup_and_release(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	tuple.ipv4.dport = bpf_htons(80);
	sk = bpf_skc_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (sk)
		bpf_sk_release(sk);
	return TC_ACT_OK;
}
