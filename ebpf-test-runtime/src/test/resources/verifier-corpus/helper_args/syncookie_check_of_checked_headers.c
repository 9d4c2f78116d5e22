// The same check with the TCP header bounds-checked too: both fixed-size headers lie in the
// checked packet, and the syncookie helpers may read the packet (pkt_access).
// kernel: accepted
#include "corpus.h"
#include <linux/tcp.h>

SEC("xdp")
int syncookie_check_of_checked_headers(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	struct tcphdr *th = (void *)(ip + 1);

	if ((void *)(th + 1) > data_end)
		return XDP_PASS;
	return bpf_tcp_raw_check_syncookie_ipv4(ip, th) ? XDP_DROP : XDP_PASS;
}
