// bpf_ringbuf_reserve needs a size known at load time.
// kernel: refused: is not a known constant
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tc")
int reserve_with_variable_size(struct __sk_buff *skb)
{
	void *e = bpf_ringbuf_reserve(&events, skb->len & 0xff, 0);

	if (e)
		bpf_ringbuf_discard(e, 0);
	return TC_ACT_OK;
}
