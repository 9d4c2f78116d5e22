// A classifier may write packet bytes directly once they are in bounds (decrements the TTL).
// kernel: accepted
#include "corpus.h"

SEC("tc")
int tc_write_after_bounds_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);

	if ((void *)(ip + 1) > data_end)
		return TC_ACT_OK;
	if (ip->ttl > 1)
		ip->ttl--;
	return TC_ACT_OK;
}
