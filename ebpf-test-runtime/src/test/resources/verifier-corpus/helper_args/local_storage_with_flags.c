// bpf_get_local_storage takes no flags: any but a known 0 is refused, as it cannot fail.
// kernel: refused: get_local_storage() doesn't support non-zero flags
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64[8]);
} storage SEC(".maps");

SEC("cgroup_skb/ingress")
int local_storage_with_flags(struct __sk_buff *skb)
{
	__u64 *v = bpf_get_local_storage(&storage, skb->mark & 1);

	return v[0] & 1;
}
