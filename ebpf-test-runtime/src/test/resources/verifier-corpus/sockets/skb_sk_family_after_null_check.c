// Reads the bound device and the family of the packet's socket after a NULL check: fields a
// request or time-wait socket has too, which Linux allows on a sock_common.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/ingress")
int skb_sk_family_after_null_check(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 1;
	return sk->family == 2 && sk->bound_dev_if != 7;
}
