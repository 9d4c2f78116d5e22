// cgroup_skb reads the socket's family and remote address through __sk_buff.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/egress")
int cgroup_skb_reads_socket_fields(struct __sk_buff *skb)
{
	if (skb->family != 2)
		return 1;
	return skb->remote_ip4 != bpf_htonl(0x7f000001);
}
