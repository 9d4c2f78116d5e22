// Reads the family of the packet's socket without checking that the packet has one: skb->sk may
// be NULL (sock_common_or_null), so Linux refuses the read.
// kernel: refused: invalid mem access 'sock_common_or_null'
#include "corpus.h"

SEC("cgroup_skb/ingress")
int skb_sk_read_without_null_check(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	return sk->family == 2;
}
