// lwt_xmit may make headroom with bpf_skb_change_head and call bpf_lwt_push_encap.
// kernel: accepted
#include "corpus.h"

SEC("lwt_xmit")
int lwt_xmit_change_head_and_push_encap(struct __sk_buff *skb)
{
	char hdr[20] = {0x45};

	if (bpf_skb_change_head(skb, 14, 0))
		return BPF_DROP;
	bpf_lwt_push_encap(skb, BPF_LWT_ENCAP_IP, hdr, sizeof(hdr));
	return BPF_OK;
}
