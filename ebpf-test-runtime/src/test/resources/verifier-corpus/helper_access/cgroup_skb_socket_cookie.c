// cgroup_skb may ask for the socket's cookie and read packet bytes.
// kernel: accepted
#include "corpus.h"

SEC("cgroup_skb/ingress")
int cgroup_skb_socket_cookie(struct __sk_buff *skb)
{
	__u8 first;

	if (bpf_skb_load_bytes(skb, 0, &first, 1))
		return 1;
	return bpf_get_socket_cookie(skb) != 0 || first != 0;
}
