// Tail-calls after releasing the looked-up socket: nothing is held, so Linux accepts it.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} next_stage SEC(".maps");

SEC("tc")
int tail_call_after_socket_release(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	__u32 state = 0;

	tuple.ipv4.dport = bpf_htons(443);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (sk) {
		state = sk->state;
		bpf_sk_release(sk);
	}
	if (state == 10)
		bpf_tail_call(skb, &next_stage, 1);
	return TC_ACT_OK;
}
