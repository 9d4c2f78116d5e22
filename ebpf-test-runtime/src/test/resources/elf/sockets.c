// Socket lookups from XDP and tc: the test writes a struct bpf_sock_tuple, its size, the namespace
// id, the flags and which lookup to make into io[0]; the program looks the socket up, copies the
// fields of struct bpf_sock it may read, asks what the socket leads to (full socket, TCP socket,
// listener, the bpf_skc_to_* casts, bpf_sk_assign in tc) and releases it.
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define UNREAD 0xdeadbeef

struct sock_io {
	struct bpf_sock_tuple tuple;	/* 0 */
	__u32 tuple_len;		/* 36 */
	__u64 netns;			/* 40 */
	__u64 flags;			/* 48 */
	__u32 op;			/* 56: 0 sk_lookup_tcp, 1 sk_lookup_udp, 2 skc_lookup_tcp */
	__u32 found;			/* 60 */
	__u32 f[20];			/* 64: struct bpf_sock, field by field */
	__u32 fullsock;			/* 144 */
	__u32 tcp_found;		/* 148 */
	__u32 snd_cwnd;			/* 152 */
	__u32 mss_cache;		/* 156 */
	__u32 listener_port;		/* 160 */
	__u32 casts;			/* 164: bit i for the i-th bpf_skc_to_* cast that answered */
	__s64 assign;			/* 168 */
	__u32 narrow_port;		/* 176: one byte of dst_port */
	__u32 narrow_ip;		/* 180: the low half of src_ip4 */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sock_io);
} io SEC(".maps");

static __always_inline void read_common(struct sock_io *p, struct bpf_sock *sk)
{
	p->f[0] = sk->bound_dev_if;
	p->f[1] = sk->family;
	p->f[6] = sk->src_ip4;
	p->f[7] = sk->src_ip6[0];
	p->f[8] = sk->src_ip6[1];
	p->f[9] = sk->src_ip6[2];
	p->f[10] = sk->src_ip6[3];
	p->f[11] = sk->src_port;
	/* a 4-byte read of dst_port: the port in network order, zeros above */
	p->f[12] = *(volatile __u32 *)((void *)sk + offsetof(struct bpf_sock, dst_port));
	p->f[13] = sk->dst_ip4;
	p->f[14] = sk->dst_ip6[0];
	p->f[15] = sk->dst_ip6[1];
	p->f[16] = sk->dst_ip6[2];
	p->f[17] = sk->dst_ip6[3];
	p->f[18] = sk->state;
	p->f[19] = sk->rx_queue_mapping;
	p->narrow_port = *(volatile __u8 *)((void *)sk + offsetof(struct bpf_sock, dst_port) + 1);
	p->narrow_ip = *(volatile __u16 *)((void *)sk + offsetof(struct bpf_sock, src_ip4));
}

static __always_inline void read_full(struct sock_io *p, struct bpf_sock *sk)
{
	read_common(p, sk);
	p->f[2] = sk->type;
	p->f[3] = sk->protocol;
	p->f[4] = sk->mark;
	p->f[5] = sk->priority;
}

static __always_inline void follow(void *ctx, struct sock_io *p, struct bpf_sock *sk, int tc)
{
	__u32 casts = 0;

	if (bpf_skc_to_tcp_sock(sk))
		casts |= 1;
	if (bpf_skc_to_tcp6_sock(sk))
		casts |= 2;
	if (bpf_skc_to_tcp_timewait_sock(sk))
		casts |= 4;
	if (bpf_skc_to_tcp_request_sock(sk))
		casts |= 8;
	if (bpf_skc_to_udp6_sock(sk))
		casts |= 16;
	if (bpf_skc_to_unix_sock(sk))
		casts |= 32;
	p->casts = casts;
	if (!tc)
		return;
	p->fullsock = bpf_sk_fullsock(sk) != 0;
	struct bpf_tcp_sock *tp = bpf_tcp_sock(sk);
	if (tp) {
		p->tcp_found = 1;
		p->snd_cwnd = tp->snd_cwnd;
		p->mss_cache = tp->mss_cache;
	}
	struct bpf_sock *l = bpf_get_listener_sock(sk);
	if (l)
		p->listener_port = l->src_port;
	p->assign = bpf_sk_assign(ctx, sk, 0);
}

static __always_inline int lookup(void *ctx, int tc)
{
	__u32 zero = 0;
	struct sock_io *p = bpf_map_lookup_elem(&io, &zero);
	struct bpf_sock *sk;

	if (!p)
		return -1;
	__u32 len = p->tuple_len;
	if (len > sizeof(p->tuple))
		return -1;
	for (int i = 0; i < 20; i++)
		p->f[i] = UNREAD;
	if (p->op == 2) {
		sk = bpf_skc_lookup_tcp(ctx, &p->tuple, len, p->netns, p->flags);
		if (!sk)
			return 0;
		p->found = 1;
		read_common(p, sk);
		follow(ctx, p, sk, tc);
		bpf_sk_release(sk);
		return 0;
	}
	if (p->op == 1)
		sk = bpf_sk_lookup_udp(ctx, &p->tuple, len, p->netns, p->flags);
	else
		sk = bpf_sk_lookup_tcp(ctx, &p->tuple, len, p->netns, p->flags);
	if (!sk)
		return 0;
	p->found = 1;
	read_full(p, sk);
	follow(ctx, p, sk, tc);
	bpf_sk_release(sk);
	return 0;
}

SEC("xdp")
int sk_xdp(struct xdp_md *ctx)
{
	return lookup(ctx, 0) ? XDP_ABORTED : XDP_PASS;
}

SEC("tc")
int sk_tc(struct __sk_buff *skb)
{
	return lookup(skb, 1) ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
