// Asks for the MTU with the length in an aligned u32 on the stack, as bpf_check_mtu's prototype
// wants it (a fixed-size, aligned argument the helper writes).
// kernel: accepted
#include "corpus.h"

SEC("tc")
int check_mtu_length_on_stack(struct __sk_buff *skb)
{
	__u32 mtu_len = 0;

	if (bpf_check_mtu(skb, 0, &mtu_len, 0, 0))
		return TC_ACT_SHOT;
	return mtu_len > 1500 ? TC_ACT_SHOT : TC_ACT_OK;
}
