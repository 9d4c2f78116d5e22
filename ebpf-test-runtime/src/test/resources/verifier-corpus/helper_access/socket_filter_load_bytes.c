// A socket filter reads packet bytes through bpf_skb_load_bytes.
// kernel: accepted
#include "corpus.h"

SEC("socket")
int socket_filter_load_bytes(struct __sk_buff *skb)
{
	__u16 proto;

	if (bpf_skb_load_bytes(skb, 12, &proto, sizeof(proto)))
		return 0;
	return proto == bpf_htons(ETH_P_IP) ? skb->len : 0;
}
