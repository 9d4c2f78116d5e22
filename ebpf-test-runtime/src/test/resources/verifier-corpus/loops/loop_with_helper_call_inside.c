// Calls a helper on every round of a 16-round loop and stops early on a condition.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int loop_with_helper_call_inside(struct __sk_buff *skb)
{
	__u32 hits = 0;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 16; i++) {
		if ((bpf_get_prandom_u32() & 7) == 0)
			break;
		hits++;
	}
	return hits > 8 ? TC_ACT_SHOT : TC_ACT_OK;
}
