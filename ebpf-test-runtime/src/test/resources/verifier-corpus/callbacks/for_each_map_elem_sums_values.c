// bpf_for_each_map_elem visits every element of an array with a callback.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

static __u64 add_value(void *map, __u32 *key, __u64 *value, __u64 *sum)
{
	*sum += *value;
	return 0;
}

SEC("xdp")
int for_each_map_elem_sums_values(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&totals, add_value, &sum, 0);
	return sum > 100 ? XDP_DROP : XDP_PASS;
}
