// Parses a number into an aligned s64 of a map value: the fixed-size result fits and is aligned.
// kernel: accepted
#include "corpus.h"

struct parsed {
	__u64 flags;
	long value;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct parsed);
} results SEC(".maps");

SEC("xdp")
int strtol_result_in_map_value(struct xdp_md *ctx)
{
	char text[4] = "42";
	__u32 key = 0;
	struct parsed *p = bpf_map_lookup_elem(&results, &key);

	if (!p)
		return XDP_PASS;
	bpf_strtol(text, sizeof(text), 10, &p->value);
	return XDP_PASS;
}
