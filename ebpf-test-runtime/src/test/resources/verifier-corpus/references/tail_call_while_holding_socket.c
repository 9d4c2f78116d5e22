// Tail-calls while holding a looked-up socket: a tail call that succeeds never comes back, so the
// reference would leak, and Linux refuses the call.
// kernel: refused: tail_call would lead to reference leak
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} next_stage SEC(".maps");

SEC("tc")
int tail_call_while_holding_socket(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	tuple.ipv4.dport = bpf_htons(443);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	bpf_tail_call(skb, &next_stage, 1);
	bpf_sk_release(sk);
	return TC_ACT_OK;
}
