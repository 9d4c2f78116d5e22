// Two nested loops of 10 and 20 iterations.
// kernel: accepted
#include "corpus.h"

SEC("socket")
int nested_bounded_loops(struct __sk_buff *skb)
{
	__u32 acc = skb->len;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 10; i++) {
#pragma clang loop unroll(disable)
		for (int j = 0; j < 20; j++)
			acc ^= (acc << 3) + i * j;
	}
	return acc & 0xffff;
}
