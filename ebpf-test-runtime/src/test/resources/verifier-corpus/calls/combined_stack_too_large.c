// 320 bytes of stack in the program and 320 in its callee: 640 bytes together, over 512.
// kernel: refused: combined stack size of 2 calls is
#include "corpus.h"

static __attribute__((noinline)) int callee(int x)
{
	volatile char buf[320];

	buf[0] = x;
	buf[319] = x + 1;
	return buf[x & 0xff];
}

SEC("tc")
int combined_stack_too_large(struct __sk_buff *skb)
{
	volatile char buf[320];

	buf[0] = skb->len;
	buf[319] = callee(skb->len);
	return buf[skb->len & 0xff] ? TC_ACT_SHOT : TC_ACT_OK;
}
