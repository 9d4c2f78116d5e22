// bpf_get_stackid walks a kernel stack: a tracing helper, not offered to classifiers.
// kernel: refused: program of this type cannot use helper bpf_get_stackid#27
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 8 * sizeof(__u64));
} stacks SEC(".maps");

SEC("tc")
int tc_calls_get_stackid(struct __sk_buff *skb)
{
	return bpf_get_stackid(skb, &stacks, 0) < 0 ? TC_ACT_OK : TC_ACT_SHOT;
}
