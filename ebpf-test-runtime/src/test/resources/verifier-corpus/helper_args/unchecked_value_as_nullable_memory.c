// Passes a hash lookup's result, not checked for NULL, to bpf_csum_diff, whose memory arguments may
// be NULL: a pointer that may be NULL is accepted there.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} words SEC(".maps");

SEC("tc")
int unchecked_value_as_nullable_memory(struct __sk_buff *skb)
{
	__u32 key = skb->mark;
	__u32 *w = bpf_map_lookup_elem(&words, &key);

	return bpf_csum_diff(w, sizeof(*w), 0, 0, 0) ? TC_ACT_OK : TC_ACT_SHOT;
}
