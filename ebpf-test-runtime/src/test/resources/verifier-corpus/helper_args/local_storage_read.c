// The program's cgroup storage: bpf_get_local_storage cannot fail, so its value is read unchecked.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64[8]);
} storage SEC(".maps");

SEC("cgroup_skb/ingress")
int local_storage_read(struct __sk_buff *skb)
{
	__u64 *v = bpf_get_local_storage(&storage, 0);

	return v[7] & 1;
}
