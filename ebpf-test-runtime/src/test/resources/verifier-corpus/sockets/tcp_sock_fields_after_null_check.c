// Reads the congestion window (4 bytes) and the bytes acked (8 bytes) of bpf_tcp_sock(skb->sk).
// kernel: accepted
#include "corpus.h"

SEC("tc")
int tcp_sock_fields_after_null_check(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct bpf_tcp_sock *tp;

	if (!sk)
		return TC_ACT_OK;
	tp = bpf_tcp_sock(sk);
	if (!tp)
		return TC_ACT_OK;
	return tp->snd_cwnd > 10 && tp->bytes_acked > 1000 ? TC_ACT_OK : TC_ACT_SHOT;
}
