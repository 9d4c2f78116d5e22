// cgroup_skb may read the packet directly when the loader has CAP_BPF (root here).
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/ingress")
int cgroup_skb_read_after_bounds_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return 1;
	return ip->ttl != 0;
}
