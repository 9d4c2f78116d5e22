// Reads the socket type through skb->sk, a sock_common: the type exists only in a full socket,
// which bpf_sk_fullsock gives, so Linux refuses the field.
// kernel: refused: invalid sock_common access
#include "corpus.h"

SEC("cgroup_skb/ingress")
int skb_sk_type_without_fullsock(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 1;
	return sk->type == 1;
}
