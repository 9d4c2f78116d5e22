// bpf_loop with a count of 0: the callback is still verified, and the program loads.
// kernel: accepted
#include "corpus.h"

static int never_called(__u32 index, void *data)
{
	return 1;
}

SEC("tc")
int loop_with_zero_iterations(struct __sk_buff *skb)
{
	return bpf_loop(0, never_called, NULL, 0) == 0 ? TC_ACT_OK : TC_ACT_SHOT;
}
