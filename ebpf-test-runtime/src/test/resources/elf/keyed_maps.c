// One program that reads and writes every keyed map type, so that a run in the emulator and in
// the kernel can be compared map by map. The key comes from the packet (the last byte of the
// source MAC), so different packets touch different entries.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } array SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } percpu_array SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } percpu_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } lru_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } lru_percpu_hash SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 8);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_key);
	__type(value, __u32);
} lpm SEC(".maps");

// Results of each operation, so the return codes are compared too.
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 16); __type(key, __u32); __type(value, __s64); } results SEC(".maps");

static __always_inline void record(__u32 slot, __s64 value)
{
	bpf_map_update_elem(&results, &slot, &value, BPF_ANY);
}

static __always_inline void bump(void *map, __u32 key, __u32 slot)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(map, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	else
		record(slot, bpf_map_update_elem(map, &key, &one, BPF_NOEXIST));
}

SEC("xdp")
int keyed_maps(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u8 *eth = data;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	__u32 key = eth[11] & 7;

	bump(&array, key, 0);
	bump(&percpu_array, key, 1);
	bump(&hash, key, 2);
	bump(&percpu_hash, key, 3);
	bump(&lru_hash, key, 4);
	bump(&lru_percpu_hash, key, 5);

	// a second insert of the same key must fail with -EEXIST, and deleting a missing one -ENOENT
	__u64 zero = 0;
	__u32 absent = 100;
	record(6, bpf_map_update_elem(&hash, &key, &zero, BPF_NOEXIST));
	record(7, bpf_map_delete_elem(&hash, &absent));
	record(8, bpf_map_delete_elem(&array, &key));

	struct lpm_key prefix = { .prefixlen = 24, .addr = { 10, eth[11], 0, 0 } };
	__u32 len = 24;
	record(9, bpf_map_update_elem(&lpm, &prefix, &len, BPF_ANY));
	struct lpm_key host = { .prefixlen = 32, .addr = { 10, eth[11], 0, 7 } };
	__u32 *match = bpf_map_lookup_elem(&lpm, &host);
	record(10, match ? *match : -1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
