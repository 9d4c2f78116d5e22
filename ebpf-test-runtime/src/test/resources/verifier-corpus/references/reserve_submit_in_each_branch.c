// Submits on one branch and discards on the other, deciding from the packet length.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("cgroup_skb/egress")
int reserve_submit_in_each_branch(struct __sk_buff *skb)
{
	__u32 *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 1;
	*e = skb->len;
	if (skb->len & 1) {
		bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
		return 1;
	}
	bpf_ringbuf_discard(e, BPF_RB_NO_WAKEUP);
	return 1;
}
