// A tc program may delete from a sockmap.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("tc")
int tc_deletes_from_sockmap(struct __sk_buff *skb)
{
	__u32 key = 0;

	bpf_map_delete_elem(&socks, &key);
	return TC_ACT_OK;
}
