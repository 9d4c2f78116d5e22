// Releases skb->sk, which the program never acquired: only a socket from a lookup holds a
// reference to release.
// kernel: refused: R1 must be referenced when passed to release function
#include "corpus.h"

SEC("tc")
int release_of_skb_sk(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (sk)
		bpf_sk_release(sk);
	return TC_ACT_OK;
}
