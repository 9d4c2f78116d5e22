// bpf_csum_diff with a NULL "from" of size 0: the memory argument may be NULL with a zero size.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int csum_diff_from_nothing(struct __sk_buff *skb)
{
	__be32 to[2] = {1, 2};

	return bpf_csum_diff(0, 0, to, sizeof(to), 0) ? TC_ACT_OK : TC_ACT_SHOT;
}
