// The caller passes a pointer to its stack; the callee fills it in.
// kernel: accepted
#include "corpus.h"

static __attribute__((noinline)) void fill(__u64 *out, __u32 v)
{
	*out = (__u64)v << 1;
}

SEC("socket")
int callee_writes_callers_stack(struct __sk_buff *skb)
{
	__u64 v;

	fill(&v, skb->len);
	return v & 0xffff;
}
