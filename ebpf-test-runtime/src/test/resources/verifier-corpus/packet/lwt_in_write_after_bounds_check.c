// lwt_in reads the packet directly but may not write it (may_access_direct_pkt_data), even
// after a bounds check.
// kernel: refused: cannot write into packet
#include "corpus.h"

SEC("lwt_in")
int lwt_in_write_after_bounds_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	ip->ttl = 9;
	return BPF_OK;
}
