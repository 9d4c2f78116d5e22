// Releases the listener socket of a looked-up socket instead of the looked-up socket: the
// listener holds no reference of its own.
// kernel: refused: R1 must be referenced when passed to release function
#include "corpus.h"

SEC("tc")
int release_of_listener_socket(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk, *listener;

	tuple.ipv4.dport = bpf_htons(443);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	listener = bpf_get_listener_sock(sk);
	if (listener) {
		bpf_sk_release(listener);
		return TC_ACT_OK;
	}
	bpf_sk_release(sk);
	return TC_ACT_OK;
}
