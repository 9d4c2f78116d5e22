// A subprogram's result, masked, indexes a map value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[16]);
} buckets SEC(".maps");

static __attribute__((noinline)) __u32 bucket_of(__u32 len)
{
	return (len >> 6) & 15;
}

SEC("cgroup_skb/ingress")
int subprogram_result_as_index(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *b = bpf_map_lookup_elem(&buckets, &key);

	if (b)
		__sync_fetch_and_add(&b[bucket_of(skb->len)], 1);
	return 1;
}
