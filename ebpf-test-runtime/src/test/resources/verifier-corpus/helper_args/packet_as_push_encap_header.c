// Pushes an encapsulation header taken from the packet itself: bpf_lwt_push_encap's header may
// not point into the packet (no pkt_access).
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

SEC("lwt_xmit")
int packet_as_push_encap_header(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;

	if (data + sizeof(struct iphdr) > data_end)
		return BPF_OK;
	bpf_lwt_push_encap(skb, BPF_LWT_ENCAP_IP, data, sizeof(struct iphdr));
	return BPF_OK;
}
