// A cgroup_skb program may not update or delete from a sockmap: it may run with a socket locked.
// kernel: refused: cannot update sockmap in this context
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("cgroup_skb/ingress")
int cgroup_skb_deletes_from_sockmap(struct __sk_buff *skb)
{
	__u32 key = 0;

	bpf_map_delete_elem(&socks, &key);
	return 1;
}
