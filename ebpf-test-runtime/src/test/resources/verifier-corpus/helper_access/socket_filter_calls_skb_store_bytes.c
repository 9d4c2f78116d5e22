// A socket filter may read the packet with helpers, not write it.
// kernel: refused: program of this type cannot use helper bpf_skb_store_bytes#9
#include "corpus.h"

SEC("socket")
int socket_filter_calls_skb_store_bytes(struct __sk_buff *skb)
{
	__u8 zero = 0;

	bpf_skb_store_bytes(skb, 0, &zero, 1, 0);
	return skb->len;
}
