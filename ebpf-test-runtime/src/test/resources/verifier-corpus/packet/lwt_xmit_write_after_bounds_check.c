// lwt_xmit may write the packet directly after a bounds check.
// kernel: accepted
#include "corpus.h"

SEC("lwt_xmit")
int lwt_xmit_write_after_bounds_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	ip->ttl = 9;
	return BPF_OK;
}
