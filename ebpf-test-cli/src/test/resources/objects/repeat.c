// Programs that change their own input, for --repeat: BPF_PROG_TEST_RUN runs a program N times
// on one buffer and one context without resetting them, so each run sees what the last one left.
// Each counts its runs in a map and returns something that shows the state it found.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} runs SEC(".maps");

static __always_inline void count(void)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&runs, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

// Adds 1 to the frame's last byte; returns the byte it wrote.
SEC("xdp")
int xdp_bump(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;

	count();
	if (data + 15 > end)
		return XDP_ABORTED;
	data[14] += 1;
	return data[14];
}

// Moves the frame's start 2 bytes back (into the headroom) and marks the new bytes; returns the frame length.
SEC("xdp")
int xdp_push(struct xdp_md *ctx)
{
	unsigned char *data, *end;

	count();
	if (bpf_xdp_adjust_head(ctx, -2))
		return 1000;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 2 > end)
		return XDP_ABORTED;
	data[0] = 0xab;
	data[1] = 0xcd;
	return end - data;
}

// Takes the frame's last byte off; returns the frame length.
SEC("xdp")
int xdp_trim(struct xdp_md *ctx)
{
	count();
	if (bpf_xdp_adjust_tail(ctx, -1))
		return 1000;
	return ctx->data_end - ctx->data;
}

// Adds 1 to the frame's byte 14, to skb->mark and to cb[0]; returns mark << 16 | cb[0] << 8 | byte.
SEC("tc")
int tc_bump(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data;
	unsigned char *end = (void *)(long)skb->data_end;

	count();
	if (data + 15 > end)
		return TC_ACT_SHOT;
	data[14] += 1;
	skb->mark += 1;
	skb->cb[0] += 1;
	return skb->mark << 16 | skb->cb[0] << 8 | data[14];
}

// Grows the frame by 3 bytes at the end; returns skb->len.
SEC("tc")
int tc_grow(struct __sk_buff *skb)
{
	count();
	if (bpf_skb_change_tail(skb, skb->len + 3, 0))
		return 1000;
	return skb->len;
}

// Adds 1 to cb[0] and returns it: a socket filter may write only cb.
SEC("socket")
int socket_count(struct __sk_buff *skb)
{
	count();
	skb->cb[0] += 1;
	return skb->cb[0];
}
