// A 64-bit index read from the value itself, checked only against the length: any 64-bit value
// may be stored there, so after "i <= 15" (signed) it may still be as low as the signed minimum.
// kernel: refused: unbounded min value is not allowed
#include "corpus.h"

struct slot {
	__s64 index;
	char bytes[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slot);
} slots SEC(".maps");

SEC("xdp")
int wide_signed_index_only_upper_bound(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slot *s = bpf_map_lookup_elem(&slots, &key);
	__s64 i;

	if (!s)
		return XDP_PASS;
	i = s->index;
	if (i > 15)
		return XDP_PASS;
	return s->bytes[i] ? XDP_DROP : XDP_PASS;
}
