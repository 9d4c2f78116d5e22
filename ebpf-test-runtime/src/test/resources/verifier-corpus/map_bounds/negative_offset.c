// Reads 8 bytes in front of the value.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} one SEC(".maps");

SEC("xdp")
int negative_offset(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&one, &key);

	return *(volatile __u64 *)(value - 1) ? XDP_DROP : XDP_PASS;
}
