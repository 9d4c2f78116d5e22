// Programs for MapHelperBenchmark: each makes 64 map helper calls on keys 0..63 in a bounded
// loop, so one run measures 64 bpf_map_lookup_elem or bpf_map_update_elem calls from inside a
// program. Rebuild with ./build.sh.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CALLS 64

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

static __always_inline int lookups(void *map)
{
	__u64 sum = 0;

	for (__u32 i = 0; i < CALLS; i++) {
		__u32 key = i;
		__u64 *value = bpf_map_lookup_elem(map, &key);

		if (value)
			sum += *value;
	}
	return sum == 0xffffffff ? XDP_DROP : XDP_PASS;
}

static __always_inline int updates(void *map)
{
	for (__u32 i = 0; i < CALLS; i++) {
		__u32 key = i;
		__u64 value = i;

		bpf_map_update_elem(map, &key, &value, BPF_ANY);
	}
	return XDP_PASS;
}

SEC("xdp")
int array_lookup(struct xdp_md *ctx)
{
	return lookups(&array);
}

SEC("xdp")
int array_update(struct xdp_md *ctx)
{
	return updates(&array);
}

SEC("xdp")
int hash_lookup(struct xdp_md *ctx)
{
	return lookups(&hash);
}

SEC("xdp")
int hash_update(struct xdp_md *ctx)
{
	return updates(&hash);
}

char LICENSE[] SEC("license") = "GPL";
