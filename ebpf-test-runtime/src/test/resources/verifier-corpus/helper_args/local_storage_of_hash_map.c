// bpf_get_local_storage of a map that is no cgroup storage.
// kernel: refused: cannot pass map_type 1 into func bpf_get_local_storage
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("cgroup_skb/ingress")
int local_storage_of_hash_map(struct __sk_buff *skb)
{
	__u64 *v = bpf_get_local_storage(&counts, 0);

	return v[0] & 1;
}
