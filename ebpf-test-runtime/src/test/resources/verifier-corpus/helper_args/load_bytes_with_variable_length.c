// Passes the packet length, unbounded, as the size of a 16-byte stack buffer: the verifier
// first notices that the length may be 0, which bpf_skb_load_bytes does not accept.
// kernel: refused: R4 invalid zero-sized read
#include "corpus.h"

SEC("tc")
int load_bytes_with_variable_length(struct __sk_buff *skb)
{
	char buf[16];

	bpf_skb_load_bytes(skb, 0, buf, skb->len);
	return buf[0] ? TC_ACT_SHOT : TC_ACT_OK;
}
