// A callback that calls an ordinary subprogram.
// kernel: accepted
#include "corpus.h"

static __attribute__((noinline)) __u64 mix(__u64 acc, __u32 i)
{
	return (acc << 5) ^ (acc >> 3) ^ i;
}

static int step(__u32 index, void *data)
{
	*(__u64 *)data = mix(*(__u64 *)data, index);
	return 0;
}

SEC("socket")
int loop_callback_calls_subprogram(struct __sk_buff *skb)
{
	__u64 acc = skb->len;

	bpf_loop(32, step, &acc, 0);
	return acc & 0xffff;
}
