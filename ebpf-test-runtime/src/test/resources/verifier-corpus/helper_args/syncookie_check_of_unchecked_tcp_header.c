// Checks a SYN cookie with only the IPv4 header bounds-checked: bpf_tcp_raw_check_syncookie_ipv4
// reads a whole struct tcphdr (20 bytes, a fixed size in its prototype) from the packet beyond it.
// kernel: refused: invalid access to packet
#include "corpus.h"
#include <linux/tcp.h>

SEC("xdp")
int syncookie_check_of_unchecked_tcp_header(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	struct tcphdr *th = (void *)(ip + 1);

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	return bpf_tcp_raw_check_syncookie_ipv4(ip, th) ? XDP_DROP : XDP_PASS;
}
