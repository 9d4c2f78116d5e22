// Reads the state of a looked-up socket before releasing it.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int socket_state_read_then_release(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	__u32 state;

	tuple.ipv4.dport = bpf_htons(443);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	state = sk->state;
	bpf_sk_release(sk);
	return state == 10 ? TC_ACT_OK : TC_ACT_SHOT;
}
