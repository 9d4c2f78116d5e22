// The bpf_for_each_map_elem callback reads the word after its 8-byte value.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

static __u64 read_next(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*(__u64 *)ctx += ((volatile __u64 *)value)[1];
	return 0;
}

SEC("xdp")
int for_each_callback_reads_past_value(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&totals, read_next, &sum, 0);
	return sum ? XDP_DROP : XDP_PASS;
}
