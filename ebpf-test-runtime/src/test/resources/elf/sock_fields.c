// The kernel's own socket structs, read from tc: the socket test_run gives the packet (skb->sk,
// through bpf_core_cast) and sockets found with the lookups (through the bpf_skc_to_* casts, through
// bpf_core_cast, and with bpf_probe_read_kernel). The structs are declared here cut down to what the
// programs read, with CO-RE relocations (the pattern of programs built without vmlinux.h), so that
// offsets are the kernel's. Each program leaves what it read in out[0].
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

#define cast(ptr, type) ((struct type *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(struct type)))

typedef struct {
	__u32 val;
} kuid_t;

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	unsigned char skc_state;
	int skc_bound_dev_if;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
	unsigned short skc_rx_queue_mapping;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
	int sk_rcvbuf;
	__u32 sk_priority;
	__u32 sk_mark;
	kuid_t sk_uid;
	__u16 sk_protocol;
	__u16 sk_type;
	int sk_sndbuf;
	__u32 sk_max_ack_backlog;
} __attribute__((preserve_access_index));

struct ipv6_pinfo {
	struct in6_addr saddr;
} __attribute__((preserve_access_index));

struct inet_sock {
	struct sock sk;
	struct ipv6_pinfo *pinet6;
	__be32 inet_saddr;
	__be16 inet_sport;
} __attribute__((preserve_access_index));

struct inet_connection_sock {
	struct inet_sock icsk_inet;
	__u8 icsk_retransmits;
} __attribute__((preserve_access_index));

struct minmax_sample {
	__u32 t;
	__u32 v;
};

struct minmax {
	struct minmax_sample s[3];
};

struct tcp_sock {
	struct inet_connection_sock inet_conn;
	__u32 mss_cache;
	__u32 snd_cwnd;
	__u32 snd_ssthresh;
	struct minmax rtt_min;
	__u32 rcv_nxt;
	__u32 snd_nxt;
	__u32 snd_una;
	__u32 srtt_us;
	__u64 bytes_received;
	__u64 bytes_acked;
	__u8 ecn_flags;
	__u32 total_retrans;
} __attribute__((preserve_access_index));

struct tcp6_sock {
	struct tcp_sock tcp;
	struct ipv6_pinfo inet6;
} __attribute__((preserve_access_index));

struct udp_sock {
	struct inet_sock inet;
} __attribute__((preserve_access_index));

struct udp6_sock {
	struct udp_sock udp;
	struct ipv6_pinfo inet6;
} __attribute__((preserve_access_index));

struct inet_timewait_sock {
	struct sock_common __tw_common;
	__u32 tw_mark;
	__be16 tw_sport;
	__u32 tw_priority;
} __attribute__((preserve_access_index));

struct tcp_timewait_sock {
	struct inet_timewait_sock tw_sk;
} __attribute__((preserve_access_index));

struct request_sock {
	struct sock_common __req_common;
} __attribute__((preserve_access_index));

struct inet_request_sock {
	struct request_sock req;
} __attribute__((preserve_access_index));

struct tcp_request_sock {
	struct inet_request_sock req;
} __attribute__((preserve_access_index));

// What a program read. Offsets in the comments, for the tests that decode it.
struct record {
	__u32 found;			/* 0: bit 0 socket, 1 sock fields, 2 tcp_sock, 3 inet_sock, 4 pinet6, 5 tcp6_sock, 6 udp6_sock, 7 time-wait, 8 request */
	__u32 family;			/* 4 */
	__u32 state;			/* 8 */
	__u32 daddr;			/* 12 */
	__u32 rcv_saddr;		/* 16 */
	__u32 dport;			/* 20: network order */
	__u32 num;			/* 24 */
	__u32 bound_dev_if;		/* 28 */
	__u32 rx_queue_mapping;		/* 32 */
	__u32 v6_daddr[4];		/* 36 */
	__u32 v6_rcv_saddr[4];		/* 52 */
	__u32 protocol;			/* 68 */
	__u32 type;			/* 72 */
	__u32 mark;			/* 76 */
	__u32 priority;			/* 80 */
	__u32 uid;			/* 84 */
	__u32 rcvbuf;			/* 88 */
	__u32 sndbuf;			/* 92 */
	__u32 inet_saddr;		/* 96 */
	__u32 inet_sport;		/* 100: network order */
	__u32 inet6_saddr[4];		/* 104: through pinet6 */
	__u32 cast6_saddr[4];		/* 120: through the tcp6_sock or udp6_sock cast */
	__u32 snd_cwnd;			/* 136 */
	__u32 srtt_us;			/* 140 */
	__u32 rtt_min;			/* 144 */
	__u32 mss_cache;		/* 148 */
	__u32 snd_ssthresh;		/* 152 */
	__u32 rcv_nxt;			/* 156 */
	__u32 snd_nxt;			/* 160 */
	__u32 snd_una;			/* 164 */
	__u32 ecn_flags;		/* 168 */
	__u32 icsk_retransmits;		/* 172 */
	__u64 bytes_received;		/* 176 */
	__u64 bytes_acked;		/* 184 */
	__u32 total_retrans;		/* 192 */
	__u32 probe_num;		/* 196: skc_num through bpf_probe_read_kernel */
	__s64 probe_ret;		/* 200 */
	__u32 tw_mark;			/* 208 */
	__u32 tw_sport;			/* 212: network order */
	__u32 tw_priority;		/* 216 */
	__u32 view_daddr;		/* 220: skc_daddr through bpf_probe_read_kernel of the struct bpf_sock pointer */
	__s64 view_ret;			/* 224 */
};

// Which socket the table_* programs look up: a struct bpf_sock_tuple of 12 (IPv4) or 36 (IPv6) bytes.
struct query {
	struct bpf_sock_tuple tuple;	/* 0 */
	__u32 tuple_len;		/* 36 */
	__u32 tcp;			/* 40: read the tcp_sock members too */
	__u32 pad;			/* 44 */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct record);
} out SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct query);
} in SEC(".maps");

static __always_inline void read_common(struct record *r, struct sock_common *c)
{
	r->family = c->skc_family;
	r->state = c->skc_state;
	r->daddr = c->skc_daddr;
	r->rcv_saddr = c->skc_rcv_saddr;
	r->dport = c->skc_dport;
	r->num = c->skc_num;
	r->bound_dev_if = c->skc_bound_dev_if;
	r->rx_queue_mapping = c->skc_rx_queue_mapping;
	for (int i = 0; i < 4; i++) {
		r->v6_daddr[i] = c->skc_v6_daddr.in6_u.u6_addr32[i];
		r->v6_rcv_saddr[i] = c->skc_v6_rcv_saddr.in6_u.u6_addr32[i];
	}
}

static __always_inline void read_sock(struct record *r, struct sock *sk)
{
	read_common(r, &sk->__sk_common);
	r->protocol = sk->sk_protocol;
	r->type = sk->sk_type;
	r->mark = sk->sk_mark;
	r->priority = sk->sk_priority;
	r->uid = sk->sk_uid.val;
	r->rcvbuf = sk->sk_rcvbuf;
	r->sndbuf = sk->sk_sndbuf;
	r->found |= 2;
}

// skb->sk is the socket test_run allocated for the packet: a bare struct sock.
SEC("tc")
int skb_sock(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct record *r = bpf_map_lookup_elem(&out, &zero);
	struct bpf_sock *sk = skb->sk;

	if (!r || !sk)
		return TC_ACT_SHOT;
	__builtin_memset(r, 0, sizeof(*r));
	r->found = 1;
	read_sock(r, cast(sk, sock));
	r->probe_ret = bpf_probe_read_kernel(&r->probe_num, 2, &cast(sk, sock)->__sk_common.skc_family);
	// in the kernel a struct bpf_sock pointer is the struct sock itself
	r->view_ret = bpf_probe_read_kernel(&r->view_daddr, 4, sk);
	return TC_ACT_OK;
}

// The protocol of the packet's socket, as programs that filter on it read it: 1 for UDP.
SEC("tc")
int skb_sock_protocol(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return -1;
	return cast(sk, sock)->sk_protocol == IPPROTO_UDP;
}

#define LOOKUP_TCP 0
#define LOOKUP_UDP 1
#define LOOKUP_SKC 2

// One lookup per program: the verifier keeps apart the pointer types the lookups return.
static __always_inline struct bpf_sock *lookup(struct __sk_buff *skb, struct query *q, int op)
{
	__u32 len = q->tuple_len == 36 ? 36 : 12;

	if (op == LOOKUP_UDP)
		return bpf_sk_lookup_udp(skb, &q->tuple, len, BPF_F_CURRENT_NETNS, 0);
	if (op == LOOKUP_SKC)
		return bpf_skc_lookup_tcp(skb, &q->tuple, len, BPF_F_CURRENT_NETNS, 0);
	return bpf_sk_lookup_tcp(skb, &q->tuple, len, BPF_F_CURRENT_NETNS, 0);
}

static __always_inline void read_tcp(struct record *r, struct tcp_sock *tp)
{
	r->snd_cwnd = tp->snd_cwnd;
	r->srtt_us = tp->srtt_us;
	r->rtt_min = tp->rtt_min.s[0].v;
	r->mss_cache = tp->mss_cache;
	r->snd_ssthresh = tp->snd_ssthresh;
	r->rcv_nxt = tp->rcv_nxt;
	r->snd_nxt = tp->snd_nxt;
	r->snd_una = tp->snd_una;
	r->ecn_flags = tp->ecn_flags;
	r->icsk_retransmits = tp->inet_conn.icsk_retransmits;
	r->bytes_received = tp->bytes_received;
	r->bytes_acked = tp->bytes_acked;
	r->total_retrans = tp->total_retrans;
}

// A socket of the namespace, found as in[0] says, read through every route to its kernel struct.
static __always_inline int table_sock(struct __sk_buff *skb, int op)
{
	__u32 zero = 0;
	struct record *r = bpf_map_lookup_elem(&out, &zero);
	struct query *q = bpf_map_lookup_elem(&in, &zero);
	struct bpf_sock *sk;

	if (!r || !q)
		return TC_ACT_SHOT;
	__builtin_memset(r, 0, sizeof(*r));
	sk = lookup(skb, q, op);
	if (!sk)
		return TC_ACT_OK;
	r->found = 1;
	if (sk->state == BPF_TCP_TIME_WAIT) {
		struct tcp_timewait_sock *tw = bpf_skc_to_tcp_timewait_sock(sk);

		if (tw) {
			read_common(r, &tw->tw_sk.__tw_common);
			r->tw_mark = tw->tw_sk.tw_mark;
			r->tw_sport = tw->tw_sk.tw_sport;
			r->tw_priority = tw->tw_sk.tw_priority;
			r->found |= 1 << 7;
		}
	} else if (sk->state == BPF_TCP_NEW_SYN_RECV) {
		struct tcp_request_sock *req = bpf_skc_to_tcp_request_sock(sk);

		if (req) {
			read_common(r, &req->req.req.__req_common);
			r->found |= 1 << 8;
		}
	} else {
		struct bpf_sock *full = bpf_sk_fullsock(sk);
		struct inet_sock *inet;

		if (full)
			read_sock(r, cast(full, sock));
		inet = cast(sk, inet_sock);
		if (full && inet) {
			struct ipv6_pinfo *np = inet->pinet6;

			r->inet_saddr = inet->inet_saddr;
			r->inet_sport = inet->inet_sport;
			r->found |= 1 << 3;
			if (np) {
				for (int i = 0; i < 4; i++)
					r->inet6_saddr[i] = np->saddr.in6_u.u6_addr32[i];
				r->found |= 1 << 4;
			}
		}
	}
	struct tcp_sock *tp = bpf_skc_to_tcp_sock(sk);
	if (tp) {
		if (q->tcp)
			read_tcp(r, tp);
		r->probe_ret = bpf_probe_read_kernel(&r->probe_num, 2, &tp->inet_conn.icsk_inet.sk.__sk_common.skc_num);
		r->found |= 1 << 2;
	}
	struct tcp6_sock *tp6 = bpf_skc_to_tcp6_sock(sk);
	if (tp6) {
		for (int i = 0; i < 4; i++)
			r->cast6_saddr[i] = tp6->inet6.saddr.in6_u.u6_addr32[i];
		r->found |= 1 << 5;
	}
	struct udp6_sock *up6 = bpf_skc_to_udp6_sock(sk);
	if (up6) {
		for (int i = 0; i < 4; i++)
			r->cast6_saddr[i] = up6->inet6.saddr.in6_u.u6_addr32[i];
		r->found |= 1 << 6;
	}
	bpf_sk_release(sk);
	return TC_ACT_OK;
}

SEC("tc")
int table_tcp(struct __sk_buff *skb)
{
	return table_sock(skb, LOOKUP_TCP);
}

SEC("tc")
int table_udp(struct __sk_buff *skb)
{
	return table_sock(skb, LOOKUP_UDP);
}

SEC("tc")
int table_skc(struct __sk_buff *skb)
{
	return table_sock(skb, LOOKUP_SKC);
}

// Reads the emulator refuses where the kernel reads other bytes: sk_protocol of whatever socket the
// lookup finds, as a struct sock (a time-wait socket's struct ends before it), and sk_max_ack_backlog,
// a member the emulator does not fill in.
SEC("tc")
int sock_protocol_of_any(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct query *q = bpf_map_lookup_elem(&in, &zero);
	struct bpf_sock *sk;
	int v;

	if (!q)
		return -1;
	sk = lookup(skb, q, LOOKUP_SKC);
	if (!sk)
		return -2;
	v = cast(sk, sock)->sk_protocol;
	bpf_sk_release(sk);
	return v;
}

SEC("tc")
int sock_backlog(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct query *q = bpf_map_lookup_elem(&in, &zero);
	struct bpf_sock *sk;
	int v;

	if (!q)
		return -1;
	sk = lookup(skb, q, LOOKUP_TCP);
	if (!sk)
		return -2;
	v = cast(sk, sock)->sk_max_ack_backlog;
	bpf_sk_release(sk);
	return v;
}
