// A subprogram tail-calls with little stack above it: allowed.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} jumps SEC(".maps");

static __attribute__((noinline)) int jump(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jumps, 0);
	return 0;
}

SEC("tc")
int tail_call_from_subprogram(struct __sk_buff *skb)
{
	volatile __u32 seen = skb->len;

	return jump(skb) + (seen & 1);
}
