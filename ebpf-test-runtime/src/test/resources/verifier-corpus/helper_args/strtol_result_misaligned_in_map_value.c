// Parses a number into a map value at offset 4: bpf_strtol writes an aligned s64 (its fourth
// argument is fixed-size and MEM_ALIGNED), and a map value pointer four bytes in is not aligned.
// kernel: refused: misaligned value access
#include "corpus.h"

struct parsed {
	__u32 flags;
	__u32 value[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct parsed);
} results SEC(".maps");

SEC("xdp")
int strtol_result_misaligned_in_map_value(struct xdp_md *ctx)
{
	char text[4] = "42";
	__u32 key = 0;
	struct parsed *p = bpf_map_lookup_elem(&results, &key);

	if (!p)
		return XDP_PASS;
	bpf_strtol(text, sizeof(text), 10, (long *)&p->value[0]);
	return XDP_PASS;
}
