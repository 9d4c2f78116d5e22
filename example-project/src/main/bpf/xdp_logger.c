// SPDX-License-Identifier: GPL-2.0
/*
 * XDP event logger: reports interesting packets to userspace through a ring
 * buffer and lets every packet through (always XDP_PASS).
 *
 * Interesting are
 *   - TCP SYNs without ACK (connection attempts): the record is reserved in
 *     the ring and filled in place (bpf_ringbuf_reserve / _submit), and
 *   - other TCP or UDP packets to a port in watched_ports: the record is built
 *     on the stack and copied in (bpf_ringbuf_output).
 * A SYN to a watched port yields one record, of kind EVENT_TCP_SYN.
 *
 * IPv4 and IPv6, behind at most one VLAN tag. stats counts records written
 * and records lost because the ring was full.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include "parsing.h"

enum event_kind {
	EVENT_TCP_SYN = 1,
	EVENT_WATCHED_PORT = 2,
};

struct event {
	__u64 timestamp_ns;          /* bpf_ktime_get_ns() */
	__u32 kind;                  /* enum event_kind */
	__u32 length;                /* of the whole frame */
	__u8 saddr[16];              /* IPv4: first 4 bytes, rest zero */
	__u8 daddr[16];
	__be16 sport;
	__be16 dport;
	__u8 protocol;
	__u8 family;                 /* 4 or 6 */
	__u16 pad;
};

enum stat {
	STAT_LOGGED = 0,
	STAT_LOST = 1,
	STAT_MAX,
};

/* The decl tag names the records' type, so that generated skeletons decode them. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);   /* bytes: a power of two and a whole page */
} events SEC(".maps") __attribute__((btf_decl_tag("ebpftest.record=struct event")));

/*
 * Never written: clang keeps in the BTF only the types of globals and of
 * functions it emits, and struct event is neither, so this global keeps it
 * there for the tag above to name.
 */
struct event event_type;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);          /* destination port, host byte order */
	__type(value, __u8);
} watched_ports SEC(".maps");

/* Shared by all CPUs; atomic adds keep the counts exact. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *value = bpf_map_lookup_elem(&stats, &which);

	if (value)
		__sync_fetch_and_add(value, 1);
}

static __always_inline void fill(struct event *e, const struct event *summary, __u32 kind)
{
	*e = *summary;
	e->kind = kind;
	e->timestamp_ns = bpf_ktime_get_ns();
}

SEC("xdp")
int xdp_logger(struct xdp_md *ctx)
{
	struct event summary = {};
	struct cursor c;
	__be16 proto;
	int syn = 0;

	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (!parse_eth(&c, &proto))
		return XDP_PASS;
	summary.length = ctx->data_end - ctx->data;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = parse_ipv4(&c);

		if (!ip || ipv4_is_later_fragment(ip))
			return XDP_PASS;
		summary.family = 4;
		summary.protocol = ip->protocol;
		__builtin_memcpy(summary.saddr, &ip->saddr, 4);
		__builtin_memcpy(summary.daddr, &ip->daddr, 4);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cursor_take(&c, sizeof(*ip6));

		if (!ip6)
			return XDP_PASS;
		summary.family = 6;
		summary.protocol = ip6->nexthdr;
		__builtin_memcpy(summary.saddr, &ip6->saddr, 16);
		__builtin_memcpy(summary.daddr, &ip6->daddr, 16);
	} else {
		return XDP_PASS;
	}

	if (summary.protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = cursor_take(&c, sizeof(*tcp));

		if (!tcp)
			return XDP_PASS;
		summary.sport = tcp->source;
		summary.dport = tcp->dest;
		syn = tcp->syn && !tcp->ack;
	} else if (summary.protocol == IPPROTO_UDP) {
		struct udphdr *udp = cursor_take(&c, sizeof(*udp));

		if (!udp)
			return XDP_PASS;
		summary.sport = udp->source;
		summary.dport = udp->dest;
	} else {
		return XDP_PASS;
	}

	if (syn) {
		struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

		if (!e) {
			count(STAT_LOST);
			return XDP_PASS;
		}
		fill(e, &summary, EVENT_TCP_SYN);
		bpf_ringbuf_submit(e, 0);
		count(STAT_LOGGED);
	} else {
		__u16 port = bpf_ntohs(summary.dport);
		struct event e;

		if (!bpf_map_lookup_elem(&watched_ports, &port))
			return XDP_PASS;
		fill(&e, &summary, EVENT_WATCHED_PORT);
		count(bpf_ringbuf_output(&events, &e, sizeof(e), 0) ? STAT_LOST : STAT_LOGGED);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
