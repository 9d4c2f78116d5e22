// 256 bytes of stack in the program and 256 in its callee: exactly the 512-byte total.
// kernel: accepted
#include "corpus.h"

static __attribute__((noinline)) int callee(int x)
{
	volatile char buf[256];

	buf[0] = x;
	buf[255] = x + 1;
	return buf[x & 0xff];
}

SEC("tc")
int combined_stack_at_limit(struct __sk_buff *skb)
{
	volatile char buf[256];

	buf[0] = skb->len;
	buf[255] = callee(skb->len);
	return buf[skb->len & 0xff] ? TC_ACT_SHOT : TC_ACT_OK;
}
