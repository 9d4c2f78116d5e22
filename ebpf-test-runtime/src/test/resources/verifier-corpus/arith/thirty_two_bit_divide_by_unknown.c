// A 32-bit divide and modulo by a value read from the context, which may be 0.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int thirty_two_bit_divide_by_unknown(struct __sk_buff *skb)
{
	__u32 len = skb->len, q = skb->queue_mapping;

	return (len / q + len % q) & 1 ? TC_ACT_SHOT : TC_ACT_OK;
}
