// Walks at most 8 two-byte records until a zero tag; each round checks its record's bounds.
// kernel: accepted
#include "corpus.h"

SEC("tc")
int bounded_while_loop_on_data(struct __sk_buff *skb)
{
	unsigned char *p = (void *)(long)skb->data;
	unsigned char *data_end = (void *)(long)skb->data_end;
	unsigned int rounds = 0;

#pragma clang loop unroll(disable)
	while (rounds < 8) {
		if (p + 2 > data_end || p[0] == 0)
			break;
		p += 2;
		rounds++;
	}
	return rounds == 8 ? TC_ACT_SHOT : TC_ACT_OK;
}
