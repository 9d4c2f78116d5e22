// Four hash maps of 16M entries each: each passes the emulator's 1 GiB-per-map limit, together
// they need more than a loaded object's default memory budget (MemoryBudgetTest).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BIG_HASH(name, kind, flags) \
	struct { \
		__uint(type, kind); \
		__uint(max_entries, 16 * 1024 * 1024); \
		__uint(map_flags, flags); \
		__type(key, __u32); \
		__type(value, __u64); \
	} name SEC(".maps")

BIG_HASH(flows, BPF_MAP_TYPE_HASH, 0);
BIG_HASH(recent, BPF_MAP_TYPE_LRU_HASH, 0);
BIG_HASH(sparse, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC);
BIG_HASH(seen, BPF_MAP_TYPE_LRU_HASH, 0);

SEC("xdp")
int count(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 one = 1;

	bpf_map_update_elem(&sparse, &key, &one, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
