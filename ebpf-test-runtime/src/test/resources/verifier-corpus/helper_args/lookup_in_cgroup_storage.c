// A cgroup storage is read through bpf_get_local_storage only: a lookup in it is refused.
// kernel: refused: cannot pass map_type 19 into func bpf_map_lookup_elem
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64[8]);
} storage SEC(".maps");

SEC("cgroup_skb/ingress")
int lookup_in_cgroup_storage(struct __sk_buff *skb)
{
	struct bpf_cgroup_storage_key key = {};
	__u64 *v = bpf_map_lookup_elem(&storage, &key);

	return v ? 1 : 0;
}
