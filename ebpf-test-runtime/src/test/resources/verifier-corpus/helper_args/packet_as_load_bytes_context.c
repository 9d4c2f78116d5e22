// Hands the packet pointer where bpf_skb_load_bytes wants the context: for a helper without
// pkt_access the kernel refuses the packet pointer before it looks at the argument's type.
// kernel: refused: helper access to the packet is not allowed
#include "corpus.h"

SEC("cgroup_skb/ingress")
int packet_as_load_bytes_context(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u32 word;

	if (data + sizeof(struct ethhdr) > data_end)
		return 1;
	bpf_skb_load_bytes(data, 0, &word, sizeof(word));
	return word != 0;
}
