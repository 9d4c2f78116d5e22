// Loads packet bytes straight into a map value: a value is memory a helper may write.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[32]);
} header SEC(".maps");

SEC("tc")
int map_value_as_helper_buffer(struct __sk_buff *skb)
{
	__u32 key = 0;
	char *buf = bpf_map_lookup_elem(&header, &key);

	if (buf)
		bpf_skb_load_bytes(skb, 0, buf, 32);
	return TC_ACT_OK;
}
