// cgroup_skb egress returns 2: drop, with congestion notification.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/egress")
int cgroup_skb_egress_returns_two(struct __sk_buff *skb)
{
	return skb->len > 9000 ? 2 : 1;
}
