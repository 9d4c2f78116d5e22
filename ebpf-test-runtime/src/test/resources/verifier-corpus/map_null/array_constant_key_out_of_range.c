// Key 4 of a 4-entry array is out of range: the lookup returns NULL, so it must be checked.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
int array_constant_key_out_of_range(struct xdp_md *ctx)
{
	__u32 key = 4;
	__u64 *value = bpf_map_lookup_elem(&settings, &key);

	return *value ? XDP_DROP : XDP_PASS;
}
