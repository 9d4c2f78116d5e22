// Lightweight-tunnel programs run by bpf_prog_test_run_skb: the packet starts at the network
// header; lwt_in and lwt_out read it, lwt_xmit may change it and make headroom.
#include <linux/bpf.h>
#include <linux/ip.h>

#define SEC(name) __attribute__((section(name), used))

static long (*bpf_skb_change_head)(struct __sk_buff *skb, __u32 len, __u64 flags) = (void *)43;
static long (*bpf_skb_load_bytes)(const struct __sk_buff *skb, __u32 offset, void *to, __u32 len) = (void *)26;

/* The TTL of the IPv4 header plus what the context says of the packet. */
SEC("lwt_in")
int lwt_in_ttl(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	return ip->ttl + (skb->len << 8) + (skb->protocol << 16);
}

/* bpf_skb_load_bytes from the network header; the mark and cb[] written. */
SEC("lwt_out")
int lwt_out_load(struct __sk_buff *skb)
{
	__u8 b[4];

	if (bpf_skb_load_bytes(skb, 8, b, sizeof(b)))
		return BPF_DROP;
	skb->mark = b[0] | b[1] << 8;
	skb->cb[1] = skb->len;
	return b[0] + b[1];
}

/* Decrements the TTL in place, then makes 14 bytes of headroom and writes into it. */
SEC("lwt_xmit")
int lwt_xmit_push(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;
	__u8 *head;

	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	ip->ttl--;
	if (bpf_skb_change_head(skb, 14, 0))
		return 99;
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	head = data;
	if ((void *)(head + 15) > data_end)
		return 98;
	head[0] = 0xaa;
	head[13] = head[14];
	return skb->len;
}

char _license[] SEC("license") = "GPL";
