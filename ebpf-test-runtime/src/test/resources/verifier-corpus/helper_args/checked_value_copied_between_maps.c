// The same copy with the lookup checked: a map value may serve as another map's value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} current SEC(".maps"), previous SEC(".maps");

SEC("tc")
int checked_value_copied_between_maps(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&current, &key);

	if (v)
		bpf_map_update_elem(&previous, &key, v, BPF_ANY);
	return TC_ACT_OK;
}
