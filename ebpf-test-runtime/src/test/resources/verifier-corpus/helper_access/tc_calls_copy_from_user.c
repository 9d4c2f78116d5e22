// bpf_copy_from_user may sleep, and a tc program never can: refused before its arguments are read.
// kernel: refused: helper call might sleep in a non-sleepable prog
#include "corpus.h"

SEC("tc")
int tc_calls_copy_from_user(struct __sk_buff *skb)
{
	__u64 word = 0;

	bpf_copy_from_user(&word, sizeof(word), (void *)(long)skb->mark);
	return word ? TC_ACT_SHOT : TC_ACT_OK;
}
