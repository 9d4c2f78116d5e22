// SPDX-License-Identifier: GPL-2.0
/*
 * XDP flow accounting: per flow (IPv4 or IPv6 addresses, ports, protocol) it
 * counts packets and bytes, keeps a histogram of frame sizes, the smallest
 * TTL, the TCP flags seen and a state, and announces every new flow on a ring
 * buffer. Every packet passes (XDP_PASS).
 *
 * Configuration: track_ipv6 (.rodata, set before load) and max_flows (its own
 * .data.limits section, writable at run time); beyond max_flows new flows are
 * counted in untracked instead.
 *
 * Its key and value hold the layouts a typed skeleton must get right: a union
 * (the address), padding, a nested struct, an array, an enum and bitfields.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include "parsing.h"

enum flow_state {
	FLOW_NEW = 0,
	FLOW_ESTABLISHED = 1,
	FLOW_CLOSING = 2,
};

union flow_addr {
	__be32 v4;
	__u8 v6[16];
};

struct flow_key {
	union flow_addr saddr;
	union flow_addr daddr;
	__be16 sport;
	__be16 dport;
	__u8 protocol;
	__u8 family;                 /* 4 or 6; 2 bytes of padding follow */
};

struct flow_times {
	__u64 first_ns;
	__u64 last_ns;
};

struct flow_stats {
	__u8 ttl_min;                /* 7 bytes of padding follow */
	__u64 packets;
	__u64 bytes;
	struct flow_times times;
	__u32 sizes[4];              /* frames < 128, < 512, < 1024 bytes, larger */
	enum flow_state state;
	__u8 syn : 1, fin : 1, rst : 1, ecn : 2;
};

struct new_flow {
	struct flow_key key;
	__u64 at_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} flows SEC(".maps");

/* The decl tag names the records' type, so that generated skeletons decode them. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} new_flows SEC(".maps") __attribute__((btf_decl_tag("ebpftest.record=struct new_flow")));

const volatile __u8 track_ipv6 = 1;
__u32 max_flows SEC(".data.limits") = 1024;
__u64 flows_total;
__u64 untracked;
struct new_flow last_new_flow;   /* the latest announcement; keeps struct new_flow in the BTF */

static __always_inline void announce(const struct flow_key *key, __u64 now)
{
	struct new_flow *e = bpf_ringbuf_reserve(&new_flows, sizeof(*e), 0);

	if (!e)
		return;
	e->key = *key;
	e->at_ns = now;
	last_new_flow = *e;
	bpf_ringbuf_submit(e, 0);
}

static __always_inline void count_size(struct flow_stats *stats, __u32 len)
{
	if (len < 128)
		stats->sizes[0]++;
	else if (len < 512)
		stats->sizes[1]++;
	else if (len < 1024)
		stats->sizes[2]++;
	else
		stats->sizes[3]++;
}

SEC("xdp")
int xdp_flowstats(struct xdp_md *ctx)
{
	struct flow_key key;
	struct flow_stats *stats;
	struct tcphdr *tcp = NULL;
	struct cursor c;
	__u32 len = ctx->data_end - ctx->data;
	__u8 ttl, ecn;
	__be16 proto;
	__u64 now;

	/* The key's padding is hashed with it: zero it, as user space does. */
	__builtin_memset(&key, 0, sizeof(key));
	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (!parse_eth(&c, &proto))
		return XDP_PASS;
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = parse_ipv4(&c);

		if (!ip || ipv4_is_later_fragment(ip))
			return XDP_PASS;
		key.family = 4;
		key.protocol = ip->protocol;
		key.saddr.v4 = ip->saddr;
		key.daddr.v4 = ip->daddr;
		ttl = ip->ttl;
		ecn = ip->tos & 3;
	} else if (proto == bpf_htons(ETH_P_IPV6) && track_ipv6) {
		struct ipv6hdr *ip6 = cursor_take(&c, sizeof(*ip6));

		if (!ip6)
			return XDP_PASS;
		key.family = 6;
		key.protocol = ip6->nexthdr;
		__builtin_memcpy(key.saddr.v6, &ip6->saddr, 16);
		__builtin_memcpy(key.daddr.v6, &ip6->daddr, 16);
		ttl = ip6->hop_limit;
		ecn = (ip6->flow_lbl[0] >> 4) & 3;
	} else {
		return XDP_PASS;
	}

	if (key.protocol == IPPROTO_TCP) {
		tcp = cursor_take(&c, sizeof(*tcp));
		if (!tcp)
			return XDP_PASS;
		key.sport = tcp->source;
		key.dport = tcp->dest;
	} else if (key.protocol == IPPROTO_UDP) {
		struct udphdr *udp = cursor_take(&c, sizeof(*udp));

		if (!udp)
			return XDP_PASS;
		key.sport = udp->source;
		key.dport = udp->dest;
	} else {
		return XDP_PASS;
	}

	now = bpf_ktime_get_ns();
	stats = bpf_map_lookup_elem(&flows, &key);
	if (!stats) {
		struct flow_stats fresh;

		if (flows_total >= max_flows) {
			__sync_fetch_and_add(&untracked, 1);
			return XDP_PASS;
		}
		/* Zeroed whole, padding too, so the stored value holds no stack garbage. */
		__builtin_memset(&fresh, 0, sizeof(fresh));
		fresh.ttl_min = ttl;
		fresh.times.first_ns = now;
		fresh.state = FLOW_NEW;
		if (bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST))
			return XDP_PASS;
		__sync_fetch_and_add(&flows_total, 1);
		announce(&key, now);
		stats = bpf_map_lookup_elem(&flows, &key);
		if (!stats)
			return XDP_PASS;
	} else if (stats->state == FLOW_NEW) {
		stats->state = FLOW_ESTABLISHED;
	}

	/* One flow's packets arrive on one CPU (RSS), so plain updates suffice but for the counters. */
	__sync_fetch_and_add(&stats->packets, 1);
	__sync_fetch_and_add(&stats->bytes, len);
	stats->times.last_ns = now;
	if (ttl < stats->ttl_min)
		stats->ttl_min = ttl;
	count_size(stats, len);
	stats->ecn = ecn;
	if (tcp) {
		if (tcp->syn)
			stats->syn = 1;
		if (tcp->fin || tcp->rst) {
			stats->fin |= tcp->fin;
			stats->rst |= tcp->rst;
			stats->state = FLOW_CLOSING;
		}
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
