// Copies 14 bytes of the packet into a 16-byte stack buffer.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int load_bytes_into_fitting_buffer(struct __sk_buff *skb)
{
	char buf[16];

	if (bpf_skb_load_bytes(skb, 0, buf, 14))
		return TC_ACT_OK;
	return buf[12] == 8 ? TC_ACT_OK : TC_ACT_SHOT;
}
