// A "Proprietary" program may call the helpers that are not GPL-only (map lookups, time).
// kernel: accepted
#define CORPUS_LICENSE "Proprietary"
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} last_seen SEC(".maps");

SEC("xdp")
int proprietary_program_with_plain_helpers(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *t = bpf_map_lookup_elem(&last_seen, &key);

	if (t)
		*t = bpf_ktime_get_ns();
	return XDP_PASS;
}
