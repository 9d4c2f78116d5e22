// A map declared the old way, in the "maps" section with struct bpf_map_def. libbpf 1.0 and later
// refuse it, so bpftool does not load this object; older loaders and this one do.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 16,
};

struct bpf_map_def SEC("maps") legacy_hash = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = 8,
	.value_size = 4,
	.max_entries = 32,
	.map_flags = BPF_F_NO_PREALLOC,
};

char LICENSE[] SEC("license") = "GPL";
__u32 _version SEC("version") = 0x050a00;

SEC("socket")
int legacy_count(struct __sk_buff *skb)
{
	__u32 key = 3;
	__u64 *v = bpf_map_lookup_elem(&legacy_counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
