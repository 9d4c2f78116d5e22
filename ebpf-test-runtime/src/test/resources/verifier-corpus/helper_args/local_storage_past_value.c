// Reading past the 64 bytes of the cgroup storage's value.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64[8]);
} storage SEC(".maps");

SEC("cgroup_skb/ingress")
int local_storage_past_value(struct __sk_buff *skb)
{
	__u64 *v = bpf_get_local_storage(&storage, 0);

	return v[8] & 1;
}
