// A variable size masked to 1..16 fits the 16-byte buffer.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int load_bytes_with_masked_length(struct __sk_buff *skb)
{
	char buf[16];
	__u32 len = (skb->len & 15) + 1;

	if (bpf_skb_load_bytes(skb, 0, buf, len))
		return TC_ACT_OK;
	return buf[0] ? TC_ACT_SHOT : TC_ACT_OK;
}
