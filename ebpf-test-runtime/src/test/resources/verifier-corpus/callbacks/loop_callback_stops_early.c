// A callback returns 1 to stop the loop: callbacks may return 0 or 1.
// kernel: accepted
#include "corpus.h"

struct state {
	__u32 limit;
	__u32 seen;
};

static int count_until(__u32 index, void *data)
{
	struct state *s = data;

	if (index >= s->limit)
		return 1;
	s->seen++;
	return 0;
}

SEC("tc")
int loop_callback_stops_early(struct __sk_buff *skb)
{
	struct state s = { .limit = skb->len & 0xff };

	bpf_loop(1000, count_until, &s, 0);
	return s.seen > 10 ? TC_ACT_SHOT : TC_ACT_OK;
}
