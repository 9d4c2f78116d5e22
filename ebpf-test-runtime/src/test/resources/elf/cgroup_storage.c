// Cgroup storage under BPF_PROG_TEST_RUN: a cgroup_skb program counts in its shared and per-CPU
// storage and returns 1 (allow) only when both counts start from zero, as test_run allocates
// fresh storage for every run; in out it records the counts it saw.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} percpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} out SEC(".maps");

SEC("cgroup_skb/ingress")
int count(struct __sk_buff *skb)
{
	__u64 *c = bpf_get_local_storage(&counts, 0);
	__u64 *p = bpf_get_local_storage(&percpu, 0);
	__u32 zero = 0, one = 1;

	*c += 1;
	*p += 3;
	bpf_map_update_elem(&out, &zero, c, BPF_ANY);
	bpf_map_update_elem(&out, &one, p, BPF_ANY);
	return *c == 1 && *p == 3;
}

char LICENSE[] SEC("license") = "GPL";
