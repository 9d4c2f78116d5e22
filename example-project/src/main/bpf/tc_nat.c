// SPDX-License-Identifier: GPL-2.0
/*
 * Source NAT for TCP and UDP over IPv4, as a pair of TC programs.
 *
 * tc_snat (egress): a packet from the internal network leaves with the
 * external address and a port chosen for its flow. The first packet of a
 * flow picks the port by hashing the 5-tuple into [port_min, port_max] and
 * probing up to NAT_PROBES ports until one is free towards that remote
 * endpoint; it records both directions in nat_table.
 *
 * tc_dnat (ingress): a reply to the external address whose 5-tuple matches a
 * recorded flow gets the internal address and port back.
 *
 * Policy: what the programs cannot parse or translate is dropped
 * (TC_ACT_SHOT): truncated IPv4, TCP or UDP headers whatever their addresses,
 * fragments that would need translation (later fragments carry no ports),
 * and new flows when every probed port is taken. Everything else is left
 * untouched with TC_ACT_OK: non-IPv4 and VLAN-tagged frames, ICMP, other
 * sources (egress) or destinations (ingress), replies without a mapping, and
 * all traffic while config has no external address.
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include "parsing.h"

#define NAT_PROBES 4

struct flow {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u8 protocol;
	__u8 pad[3];                 /* zeroed: hash keys compare every byte */
};

struct endpoint {
	__be32 addr;
	__be16 port;
	__u16 pad;
};

struct nat_config {
	__be32 internal_net;         /* e.g. 10.0.0.0 */
	__be32 internal_mask;        /* e.g. 255.0.0.0 */
	__be32 external_addr;
	__u16 port_min;              /* host byte order, inclusive */
	__u16 port_max;
};

/* LRU: idle flows are forgotten when the table fills, as in a real NAT. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct flow);
	__type(value, struct endpoint);
} nat_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nat_config);
} config SEC(".maps");

/* The parsed headers, as offsets: packet pointers die at every store helper. */
struct l4_packet {
	struct flow flow;
	__u32 l4_off;
	__u32 csum_off;              /* of the TCP or UDP checksum */
	__u64 csum_flags;            /* UDP: a zero checksum means none, keep it */
};

enum parse_result {
	PARSED,                      /* TCP or UDP with complete headers */
	NOT_NAT_TRAFFIC,             /* not IPv4, or neither TCP nor UDP */
	MALFORMED,                   /* truncated IPv4, TCP or UDP header */
	FRAGMENT,                    /* addresses are valid, ports are not */
};

static __always_inline enum parse_result parse(struct __sk_buff *skb, struct l4_packet *pkt)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	eth = cursor_take(&c, sizeof(*eth));
	if (!eth || eth->h_proto != bpf_htons(ETH_P_IP))
		return NOT_NAT_TRAFFIC;
	ip = parse_ipv4(&c);
	if (!ip)
		return MALFORMED;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return NOT_NAT_TRAFFIC;
	pkt->flow.saddr = ip->saddr;
	pkt->flow.daddr = ip->daddr;
	pkt->flow.protocol = ip->protocol;
	if (ip->frag_off & bpf_htons(0x3fff))    /* MF flag or an offset */
		return FRAGMENT;

	pkt->l4_off = c.pos - (void *)(long)skb->data;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = cursor_take(&c, sizeof(*tcp));

		if (!tcp)
			return MALFORMED;
		pkt->flow.sport = tcp->source;
		pkt->flow.dport = tcp->dest;
		pkt->csum_off = pkt->l4_off + offsetof(struct tcphdr, check);
		pkt->csum_flags = 0;
	} else {
		struct udphdr *udp = cursor_take(&c, sizeof(*udp));

		if (!udp)
			return MALFORMED;
		pkt->flow.sport = udp->source;
		pkt->flow.dport = udp->dest;
		pkt->csum_off = pkt->l4_off + offsetof(struct udphdr, check);
		pkt->csum_flags = BPF_F_MARK_MANGLED_0;
	}
	return PARSED;
}

/*
 * Replaces one address and one port, fixing the IPv4 header checksum and the
 * TCP/UDP checksum, whose pseudo-header covers the address too.
 */
static __always_inline int rewrite(struct __sk_buff *skb, const struct l4_packet *pkt,
				   __u32 addr_off, __be32 old_addr, __be32 new_addr,
				   __u32 port_off, __be16 old_port, __be16 new_port)
{
	__u32 ip_csum_off = ETH_HLEN + offsetof(struct iphdr, check);

	if (bpf_l4_csum_replace(skb, pkt->csum_off, old_addr, new_addr,
				pkt->csum_flags | BPF_F_PSEUDO_HDR | sizeof(new_addr)) ||
	    bpf_l4_csum_replace(skb, pkt->csum_off, old_port, new_port,
				pkt->csum_flags | sizeof(new_port)) ||
	    bpf_l3_csum_replace(skb, ip_csum_off, old_addr, new_addr, sizeof(new_addr)) ||
	    bpf_skb_store_bytes(skb, addr_off, &new_addr, sizeof(new_addr), 0) ||
	    bpf_skb_store_bytes(skb, port_off, &new_port, sizeof(new_port), 0))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

static __always_inline __u32 flow_hash(const struct flow *f)
{
	__u32 hash = 0x811c9dc5;     /* word-wise FNV-1a, as in xdp_lb.c */

	hash = (hash ^ f->saddr) * 0x01000193;
	hash = (hash ^ f->daddr) * 0x01000193;
	hash = (hash ^ ((__u32)f->sport << 16 | f->dport)) * 0x01000193;
	hash = (hash ^ f->protocol) * 0x01000193;
	return hash ^ (hash >> 16);
}

/* Picks an external port for a new flow and records both directions. */
static __always_inline int allocate(const struct nat_config *cfg, const struct flow *out,
				    struct endpoint *mapped)
{
	__u32 range = (__u32)cfg->port_max - cfg->port_min + 1;
	__u32 hash = flow_hash(out);
	struct endpoint original = { .addr = out->saddr, .port = out->sport };
	struct flow reply = {
		.saddr = out->daddr,
		.daddr = cfg->external_addr,
		.sport = out->dport,
		.protocol = out->protocol,
	};

	if (cfg->port_max < cfg->port_min)
		return -1;
#pragma unroll
	for (int i = 0; i < NAT_PROBES; i++) {
		reply.dport = bpf_htons(cfg->port_min + (hash + i) % range);
		/* NOEXIST makes the claim atomic against other CPUs. */
		if (bpf_map_update_elem(&nat_table, &reply, &original, BPF_NOEXIST))
			continue;
		mapped->addr = cfg->external_addr;
		mapped->port = reply.dport;
		bpf_map_update_elem(&nat_table, out, mapped, BPF_ANY);
		return 0;
	}
	return -1;
}

static __always_inline struct nat_config *get_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&config, &zero);
}

/* Array slots always exist, so "not configured" is an all-zero entry. */
static __always_inline int configured(const struct nat_config *cfg)
{
	return cfg && cfg->external_addr;
}

SEC("tc")
int tc_snat(struct __sk_buff *skb)
{
	struct nat_config *cfg = get_config();
	struct l4_packet pkt = {};
	struct endpoint *known, mapped = {};   /* its padding goes into the map */
	enum parse_result parsed = parse(skb, &pkt);

	if (parsed == NOT_NAT_TRAFFIC || !configured(cfg))
		return TC_ACT_OK;
	if (parsed == MALFORMED)
		return TC_ACT_SHOT;
	if ((pkt.flow.saddr & cfg->internal_mask) != cfg->internal_net)
		return TC_ACT_OK;
	if (parsed == FRAGMENT)
		return TC_ACT_SHOT;          /* it would need a new source port */

	known = bpf_map_lookup_elem(&nat_table, &pkt.flow);
	if (known)
		mapped = *known;
	else if (allocate(cfg, &pkt.flow, &mapped))
		return TC_ACT_SHOT;
	return rewrite(skb, &pkt, ETH_HLEN + offsetof(struct iphdr, saddr), pkt.flow.saddr, mapped.addr,
		       pkt.l4_off + offsetof(struct udphdr, source), pkt.flow.sport, mapped.port);
}

SEC("tc")
int tc_dnat(struct __sk_buff *skb)
{
	struct nat_config *cfg = get_config();
	struct l4_packet pkt = {};
	struct endpoint *original;
	enum parse_result parsed = parse(skb, &pkt);

	if (parsed == NOT_NAT_TRAFFIC || !configured(cfg))
		return TC_ACT_OK;
	if (parsed == MALFORMED)
		return TC_ACT_SHOT;
	if (pkt.flow.daddr != cfg->external_addr)
		return TC_ACT_OK;
	if (parsed == FRAGMENT)
		return TC_ACT_SHOT;          /* its ports, and so its flow, are unknown */

	original = bpf_map_lookup_elem(&nat_table, &pkt.flow);
	if (!original)
		return TC_ACT_OK;            /* traffic for this host itself */
	return rewrite(skb, &pkt, ETH_HLEN + offsetof(struct iphdr, daddr), pkt.flow.daddr, original->addr,
		       pkt.l4_off + offsetof(struct udphdr, dest), pkt.flow.dport, original->port);
}

char LICENSE[] SEC("license") = "GPL";
