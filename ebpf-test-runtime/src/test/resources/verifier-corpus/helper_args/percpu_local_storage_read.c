// The per-CPU cgroup storage: this CPU's value, never NULL.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} per_cpu SEC(".maps");

SEC("cgroup_skb/ingress")
int percpu_local_storage_read(struct __sk_buff *skb)
{
	__u64 *v = bpf_get_local_storage(&per_cpu, 0);

	*v += 1;
	return 1;
}
