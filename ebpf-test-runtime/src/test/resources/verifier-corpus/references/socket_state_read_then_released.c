// Looks up a TCP socket, reads its state after the NULL check and releases it.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int socket_state_read_then_released(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	int verdict;

	tuple.ipv4.dport = bpf_htons(80);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	verdict = sk->state == 1 ? TC_ACT_SHOT : TC_ACT_OK;
	bpf_sk_release(sk);
	return verdict;
}
