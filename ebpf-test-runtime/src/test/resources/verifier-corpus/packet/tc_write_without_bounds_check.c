// A classifier writes the IPv4 TTL with no bounds check.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("tc")
int tc_write_without_bounds_check(struct __sk_buff *skb)
{
	struct iphdr *ip = (void *)(long)skb->data + sizeof(struct ethhdr);

	ip->ttl = 64;
	return TC_ACT_OK;
}
