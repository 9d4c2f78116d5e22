// A subprogram makes a tail call below a caller that uses 64 bytes of stack, under the 256-byte limit.
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
int tail_call_with_small_caller_stack(struct __sk_buff *skb)
{
	volatile char buf[64];

	buf[0] = skb->len;
	buf[63] = jump(skb);
	return buf[skb->len & 0x3f] ? TC_ACT_SHOT : TC_ACT_OK;
}
