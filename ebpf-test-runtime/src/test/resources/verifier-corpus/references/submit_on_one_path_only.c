// Submits the record only for long packets; short ones leak it.
// kernel: refused: Unreleased reference
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tc")
int submit_on_one_path_only(struct __sk_buff *skb)
{
	__u64 *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return TC_ACT_OK;
	*e = skb->len;
	if (skb->len > 1000)
		bpf_ringbuf_submit(e, 0);
	return TC_ACT_OK;
}
