// Reads the last 8 bytes of a 64-byte value: inside value_size.
// kernel: accepted
#include "corpus.h"

struct slots {
	__u64 v[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slots);
} table SEC(".maps");

SEC("xdp")
int read_last_field(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct slots *s = bpf_map_lookup_elem(&table, &key);

	return s->v[7] ? XDP_DROP : XDP_PASS;
}
