// Stores a looked-up socket in a sockmap before releasing it: a sockmap's value argument is a socket,
// not memory.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");
SEC("tc")
int socket_stored_in_sockmap(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	__u32 key = 0;

	tuple.ipv4.dport = bpf_htons(80);
	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	bpf_map_update_elem(&socks, &key, sk, BPF_ANY);
	bpf_sk_release(sk);
	return TC_ACT_OK;
}
