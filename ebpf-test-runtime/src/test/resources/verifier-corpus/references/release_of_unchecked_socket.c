// Releases the lookup result without checking it for NULL.
// kernel: refused: type=sock_or_null expected=sock
#include "corpus.h"

SEC("tc")
int release_of_unchecked_socket(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	bpf_sk_release(sk);
	return TC_ACT_OK;
}
