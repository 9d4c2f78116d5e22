// Reads the type (4 bytes) and the protocol (1 byte, a narrow load) of bpf_sk_fullsock(skb->sk)
// after both NULL checks.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/egress")
int fullsock_type_after_null_checks(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 1;
	sk = bpf_sk_fullsock(sk);
	if (!sk)
		return 1;
	return sk->type == 1 && *(volatile __u8 *)&sk->protocol == 6;
}
