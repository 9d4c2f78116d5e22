// bpf_skb_store_bytes is offered to lwt_xmit, not to lwt_in (lwt_in_func_proto).
// kernel: refused: program of this type cannot use helper bpf_skb_store_bytes#9
#include "corpus.h"

SEC("lwt_in")
int lwt_in_calls_skb_store_bytes(struct __sk_buff *skb)
{
	char b = 1;

	bpf_skb_store_bytes(skb, 0, &b, 1, 0);
	return BPF_OK;
}
