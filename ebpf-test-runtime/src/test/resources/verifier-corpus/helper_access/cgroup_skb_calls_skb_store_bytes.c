// A cgroup_skb program may read the packet but not rewrite it with bpf_skb_store_bytes.
// kernel: refused: program of this type cannot use helper bpf_skb_store_bytes#9
#include "corpus.h"

SEC("cgroup_skb/egress")
int cgroup_skb_calls_skb_store_bytes(struct __sk_buff *skb)
{
	__u8 tos = 0;

	bpf_skb_store_bytes(skb, 1, &tos, 1, 0);
	return 1;
}
