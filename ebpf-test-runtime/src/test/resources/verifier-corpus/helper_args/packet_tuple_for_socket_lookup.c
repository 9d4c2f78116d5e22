// Looks a socket up with the tuple read in place from the checked packet (source and destination
// addresses and ports are contiguous in IPv4 and TCP headers without options): the socket lookups
// have pkt_access.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int packet_tuple_for_socket_lookup(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	struct bpf_sock_tuple *tuple = (void *)&ip->saddr;
	struct bpf_sock *sk;

	if ((void *)tuple + sizeof(tuple->ipv4) > data_end)
		return TC_ACT_OK;
	sk = bpf_sk_lookup_tcp(skb, tuple, sizeof(tuple->ipv4), BPF_F_CURRENT_NETNS, 0);
	if (sk)
		bpf_sk_release(sk);
	return TC_ACT_OK;
}
