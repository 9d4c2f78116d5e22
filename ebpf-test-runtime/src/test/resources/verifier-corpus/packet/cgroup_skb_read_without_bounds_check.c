// cgroup_skb reads the IPv4 TTL without checking data_end.
// kernel: refused: invalid access to packet
#include "corpus.h"

SEC("cgroup_skb/ingress")
int cgroup_skb_read_without_bounds_check(struct __sk_buff *skb)
{
	struct iphdr *ip = (void *)(long)skb->data;

	return ip->ttl != 0;
}
