// bpf_lwt_push_encap is offered to lwt_in and lwt_xmit, not to lwt_out.
// kernel: refused: program of this type cannot use helper bpf_lwt_push_encap#73
#include "corpus.h"

SEC("lwt_out")
int lwt_out_calls_lwt_push_encap(struct __sk_buff *skb)
{
	char hdr[20] = {0x45};

	bpf_lwt_push_encap(skb, BPF_LWT_ENCAP_IP, hdr, sizeof(hdr));
	return BPF_OK;
}
