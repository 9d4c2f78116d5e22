// The raw SYN cookie helpers on frames with a TCP header of 40 bytes (20 of options) right after an
// IPv4 or IPv6 header: gen_* answer the MSS chosen (upper half) and write the cookie into the TCP
// header's acknowledgement field (in network order), so a test can answer with the ACK that carries it; check_* answer
// what the helper answered (0 or -errno) as a positive number.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TH_LEN 40

static __always_inline long gen(struct xdp_md *ctx, int v6, __u32 th_len)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	void *ip = data + ETH_HLEN;
	void *th = ip + (v6 ? 40 : 20);
	__s64 r;

	if (th + TH_LEN > data_end)
		return 1;
	if (v6)
		r = bpf_tcp_raw_gen_syncookie_ipv6(ip, th, th_len);
	else
		r = bpf_tcp_raw_gen_syncookie_ipv4(ip, th, th_len);
	if (r < 0)
		return 1000 - r;
	*(__u32 *)(th + 8) = bpf_htonl((__u32)r);
	return r >> 32;
}

static __always_inline long check(struct xdp_md *ctx, int v6)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	void *ip = data + ETH_HLEN;
	void *th = ip + (v6 ? 40 : 20);

	if (th + 20 > data_end)
		return 1;
	if (v6)
		return -bpf_tcp_raw_check_syncookie_ipv6(ip, th);
	return -bpf_tcp_raw_check_syncookie_ipv4(ip, th);
}

SEC("xdp")
int gen4(struct xdp_md *ctx)
{
	return gen(ctx, 0, TH_LEN);
}

SEC("xdp")
int gen4_short(struct xdp_md *ctx)
{
	return gen(ctx, 0, 20);
}

SEC("xdp")
int gen6(struct xdp_md *ctx)
{
	return gen(ctx, 1, TH_LEN);
}

SEC("xdp")
int check4(struct xdp_md *ctx)
{
	return check(ctx, 0);
}

SEC("xdp")
int check6(struct xdp_md *ctx)
{
	return check(ctx, 1);
}

char _license[] SEC("license") = "GPL";
