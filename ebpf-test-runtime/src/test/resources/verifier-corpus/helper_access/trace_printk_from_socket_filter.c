// bpf_trace_printk is offered to every program type a GPL program may load as root.
// kernel: accepted
#include "corpus.h"

SEC("socket")
int trace_printk_from_socket_filter(struct __sk_buff *skb)
{
	static const char fmt[] = "len %u\n";

	bpf_trace_printk(fmt, sizeof(fmt), skb->len);
	return skb->len;
}
