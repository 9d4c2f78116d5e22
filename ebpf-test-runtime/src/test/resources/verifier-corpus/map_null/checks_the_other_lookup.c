// Two lookups; only the first result is checked, and the second is dereferenced.
// kernel: refused: invalid mem access 'map_value_or_null'
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int checks_the_other_lookup(struct xdp_md *ctx)
{
	__u32 k1 = 1, k2 = 2;
	__u64 *a = bpf_map_lookup_elem(&counts, &k1);
	__u64 *b = bpf_map_lookup_elem(&counts, &k2);

	if (!a)
		return XDP_PASS;
	return *a + *b > 10 ? XDP_DROP : XDP_PASS;
}
