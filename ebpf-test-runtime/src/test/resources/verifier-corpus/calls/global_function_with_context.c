// A global function taking the context: Linux verifies it once, with an __sk_buff argument.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline)) int small_packet(struct __sk_buff *skb)
{
	return skb->len < 64;
}

SEC("tc")
int global_function_with_context(struct __sk_buff *skb)
{
	return small_packet(skb) ? TC_ACT_SHOT : TC_ACT_OK;
}
