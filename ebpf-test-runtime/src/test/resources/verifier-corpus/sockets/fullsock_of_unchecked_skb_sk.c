// Hands skb->sk to bpf_sk_fullsock without checking it for NULL: the helper takes a socket that
// is not NULL, so Linux refuses the argument.
// kernel: refused: R1 type=sock_common_or_null expected=sock_common
#include "corpus.h"

SEC("cgroup_skb/ingress")
int fullsock_of_unchecked_skb_sk(struct __sk_buff *skb)
{
	return bpf_sk_fullsock(skb->sk) != 0;
}
