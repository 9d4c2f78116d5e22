// A subprogram tail-calls while its caller holds 320 bytes of stack: mixing tail calls and
// bpf-to-bpf calls limits the frames above a tail call to 256 bytes.
// kernel: refused: tail_calls are not allowed when call stack of previous frames is
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
int tail_call_with_large_caller_stack(struct __sk_buff *skb)
{
	volatile char buf[320];

	buf[0] = skb->len;
	buf[319] = jump(skb);
	return buf[skb->len & 0xff] ? TC_ACT_SHOT : TC_ACT_OK;
}
